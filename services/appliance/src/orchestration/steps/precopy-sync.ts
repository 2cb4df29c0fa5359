// PrecopySync (pre-copy): one sync of the source's disks from a CBT snapshot — the full sync (generation 1),
// a delta while the source runs (due one interval after the last sync's snapshot), or, once a cutover was
// requested, the cutover: the source is shut down, then the final delta ships with the source re-hashed.
// The snapshot is recorded (DeltaSyncStarted) before anything travels, so a restart resumes the same sync,
// and removed before the sync is recorded complete; a failed sync removes it too.
import { DEFAULT_CHUNK_SIZE } from '@ferry/block-pipeline';
import { IllegalStateError } from '@ferry/errors';
import { Step, type SyncedDisk } from '../../migration';
import type { DiskSyncGeneration, EffectOf } from '../effects';
import type { DiskToSync } from '../precopy-ports';
import { mapDatastore } from './placement';
import { openSync, type OpenedSync } from './precopy-snapshot';
import { precopyPortOf, snapshotPrefixFor } from './precopy-names';
import { defineStep, type StepEnv } from './step-definition';

const DEFAULT_GUEST_SHUTDOWN_MS = 5 * 60_000;

type SyncEffect = EffectOf<'PrecopySync'>;

export const precopySyncStep = defineStep<SyncEffect>({
  step: Step.PrecopySync,
  kind: 'PrecopySync',
  plan: (state, options) => {
    const { facts } = state;
    const precopy = facts.precopy;
    if (!precopy) throw new IllegalStateError(`migration ${facts.id} has no pre-copy facts; it is not a pre-copy migration`);
    const { running, last } = precopy;
    const sourceOff = facts.sourcePowerOff !== undefined;
    // The full sync always runs first; the cutover follows the sync under way.
    const final = running ? running.final : sourceOff || (precopy.cutoverRequestedAt !== undefined && last !== undefined);
    const notBefore = running || final || !last ? undefined : last.snapshotAt + precopy.intervalSeconds * 1000;
    return {
      kind: 'PrecopySync',
      migrationId: facts.id,
      sourceVm: facts.sourceVm,
      generation: running?.generation ?? (last?.generation ?? 0) + 1,
      final,
      ...(notBefore !== undefined ? { notBefore } : {}),
      disks: facts.disks.map((disk) => ({
        diskKey: disk.key, datastorePath: disk.datastorePath, capacityBytes: disk.capacityBytes, targetDatastore: mapDatastore(facts, disk.datastorePath),
        maxBytesPerSecond: facts.maxDiskBytesPerSecond, sinceChangeId: last?.disks.find((d) => d.diskKey === disk.key)?.changeId ?? '',
      })),
      ...(running ? { resume: { snapshot: running.snapshot, snapshotAt: running.snapshotAt, disks: running.disks } } : {}),
      sourceOff,
      guestShutdownTimeoutMs: options.guestShutdownTimeoutMs ?? DEFAULT_GUEST_SHUTDOWN_MS,
    };
  },
  async run(effect, env) {
    const { ports, ctx, meta } = env;
    if (effect.final && !effect.sourceOff) {
      const { method } = await ports.source.powerOff(effect.sourceVm, effect.guestShutdownTimeoutMs);
      await ctx.send({ type: 'RecordSourcePoweredOff', data: { meta: meta('cutover-source-off'), method, wasPoweredOn: method !== 'already' } });
    }
    const sync = await openSync(effect, env, abandoned.get(effect));
    try {
      // Each checkpoint asks the aggregate whether the sync is still wanted: the same start again records
      // nothing, but is refused once the migration was cancelled, which stops the transfers at once.
      const stillWanted = (): Promise<void> => ctx.send({
        type: 'RecordDeltaSyncStarted',
        data: { meta: meta(`sync-${sync.generation}-started`), generation: sync.generation, final: effect.final, snapshot: sync.snapshot, disks: sync.disks, snapshotAtMillis: sync.snapshotAt },
      });
      // allSettled: every disk's transfer has ended before the sync is given up or recorded.
      const shipped = await Promise.allSettled(sync.disks.map((disk) => shipDisk(effect, env, sync, disk, stillWanted)));
      const failed = shipped.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const disks = shipped.map((r) => (r as PromiseFulfilledResult<SyncedDisk>).value);
      await precopyPortOf(ports).removeSnapshots(effect.sourceVm, snapshotPrefixFor(effect.migrationId));
      await ctx.send({ type: 'RecordDeltaSyncCompleted', data: { meta: meta(`sync-${sync.generation}-done`), generation: sync.generation, disks } });
    } catch (error) {
      // Stopping (shutdown): the transfers go on and the next start resumes this sync from its recorded snapshot.
      if (ctx.stopping?.aborted !== true) await abandon(effect, env, sync);
      throw error;
    }
  },
});

/** Syncs given up by a run of the same effect (a transient failure is re-run in place): the re-run starts the next generation. */
const abandoned = new WeakMap<SyncEffect, number>();

/** Stops the sync's transfers and removes its snapshot: a failed sync leaves nothing behind. */
async function abandon(effect: SyncEffect, { ports }: StepEnv, sync: OpenedSync): Promise<void> {
  abandoned.set(effect, sync.generation);
  await Promise.allSettled(sync.disks.map((disk) => ports.diskCopy.stop?.(effect.migrationId, disk.diskKey, sync.generation)));
  await precopyPortOf(ports).removeSnapshots(effect.sourceVm, snapshotPrefixFor(effect.migrationId)).catch(() => undefined);
}

/** Ships one disk of the sync and returns its record with the digest and what travelled. */
async function shipDisk(effect: SyncEffect, { ports, ctx }: StepEnv, sync: OpenedSync, disk: SyncedDisk, stillWanted: () => Promise<void>): Promise<SyncedDisk> {
  const target = effect.disks.find((d) => d.diskKey === disk.diskKey) as DiskToSync;
  const generation: DiskSyncGeneration = { generation: sync.generation, sourceLocator: disk.sourceLocator, rehashSource: effect.final, ...(await sendPlan(effect, ports, sync, disk)) };
  const result = await ports.diskCopy.copy(effect.migrationId, { ...target, resumeOffset: 0, sync: generation }, stillWanted, ctx.stopping ? { signal: ctx.stopping } : {});
  const chunks = result.chunksSent ?? disk.chunks;
  return { ...disk, chunks, bytes: Math.min(target.capacityBytes, chunks * DEFAULT_CHUNK_SIZE), sha256: result.sha256, wireBytes: result.wireBytes ?? 0 };
}

/** What one disk's transfer sends, as the sync's record says: everything, CBT's changed chunks (queried again: a resumed sync has only their count), or a hash comparison. */
async function sendPlan(effect: SyncEffect, ports: StepEnv['ports'], sync: OpenedSync, disk: SyncedDisk): Promise<Pick<DiskSyncGeneration, 'mode' | 'changedChunks' | 'changedAreas'>> {
  if (disk.mode === 'full' || disk.mode === 'hashes') return { mode: disk.mode };
  const capacity = effect.disks.find((d) => d.diskKey === disk.diskKey)?.capacityBytes ?? 0;
  const changed = await precopyPortOf(ports).changedChunks(effect.sourceVm, sync.snapshot, disk.diskKey, disk.sinceChangeId, capacity, DEFAULT_CHUNK_SIZE);
  return { mode: 'changed', changedChunks: changed.chunks, ...(changed.areas === undefined ? {} : { changedAreas: changed.areas }) };
}
