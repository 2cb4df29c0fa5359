// The snapshot a pre-copy sync reads: the recorded one when the sync resumes (a restart), else a new one,
// recorded (DeltaSyncStarted) with each disk's changeId, where its frozen data is read and what will travel.
// A sync whose snapshot was lost (or that a run of the same effect gave up) is redone under the next
// generation by hash comparison: CBT's list of what the lost sync may have written is gone with it.
import { DEFAULT_CHUNK_SIZE } from '@ferry/block-pipeline';
import { IllegalStateError } from '@ferry/errors';
import type { SyncedDisk } from '../../migration';
import type { EffectOf } from '../effects';
import { precopyPortOf, snapshotNameFor, snapshotPrefixFor } from './precopy-names';
import type { StepEnv } from './step-definition';

/** The sync a run works on. */
export interface OpenedSync {
  readonly generation: number;
  readonly snapshot: string;
  readonly snapshotAt: number;
  readonly disks: readonly SyncedDisk[];
}

type SyncEffect = EffectOf<'PrecopySync'>;

/** The recorded sync (its snapshot still there), or a new snapshot recorded as the sync's start. */
export async function openSync(effect: SyncEffect, env: StepEnv, abandonedGeneration: number | undefined): Promise<OpenedSync> {
  const port = precopyPortOf(env.ports);
  let generation = effect.generation;
  let compareHashes = false;
  if (abandonedGeneration !== undefined) {
    generation = abandonedGeneration + 1;
    compareHashes = true;
  } else if (effect.resume) {
    if (await port.findSnapshot(effect.sourceVm, effect.resume.snapshot)) return { generation, ...effect.resume };
    await Promise.allSettled(effect.disks.map((disk) => env.ports.diskCopy.stop?.(effect.migrationId, disk.diskKey, generation)));
    generation += 1;
    compareHashes = true;
  }
  const prefix = snapshotPrefixFor(effect.migrationId);
  // A snapshot taken just before a crash, never recorded, goes first.
  await port.removeSnapshots(effect.sourceVm, prefix);
  const snapshotAt = env.ctx.now();
  const taken = await port.takeSnapshot(effect.sourceVm, snapshotNameFor(effect.migrationId, generation));
  try {
    const disks = await Promise.all(
      effect.disks.map(async (disk): Promise<SyncedDisk> => {
        const frozen = taken.disks.find((d) => d.diskKey === disk.diskKey);
        if (!frozen) throw new IllegalStateError(`snapshot ${taken.snapshot} of ${effect.sourceVm.moref} has no disk ${disk.diskKey}; the VM's disks changed during the migration: cancel it and plan it again`);
        if (frozen.changeId === '') {
          throw new IllegalStateError(`changed block tracking is off for disk ${disk.diskKey} of ${effect.sourceVm.moref} (its snapshot has no changeId); switch it on again (ReconfigVM changeTrackingEnabled), then ferry retry ${effect.migrationId}`);
        }
        const mode = compareHashes ? 'hashes' : disk.sinceChangeId === '' ? 'full' : 'changed';
        const changed = mode === 'changed' ? await port.changedChunks(effect.sourceVm, taken.snapshot, disk.diskKey, disk.sinceChangeId, disk.capacityBytes, DEFAULT_CHUNK_SIZE) : undefined;
        const chunks = mode === 'full' ? Math.ceil(disk.capacityBytes / DEFAULT_CHUNK_SIZE) : (changed?.chunks.length ?? 0);
        return {
          diskKey: disk.diskKey, changeId: frozen.changeId, sinceChangeId: disk.sinceChangeId, mode, sourceLocator: frozen.sourceLocator, chunks,
          bytes: Math.min(disk.capacityBytes, chunks * DEFAULT_CHUNK_SIZE), changedBytes: changed?.changedBytes ?? 0, sha256: '', wireBytes: 0,
        };
      }),
    );
    await env.ctx.send({
      type: 'RecordDeltaSyncStarted',
      data: { meta: env.meta(`sync-${generation}-started`), generation, final: effect.final, snapshot: taken.snapshot, disks, snapshotAtMillis: snapshotAt },
    });
    return { generation, snapshot: taken.snapshot, snapshotAt, disks };
  } catch (error) {
    await port.removeSnapshots(effect.sourceVm, prefix).catch(() => undefined);
    throw error;
  }
}
