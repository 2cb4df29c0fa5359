// MoveToStorage (warm): the hydrated volume goes onto the mapped cloud datastore and the target
// switches to it. Each datastore must have room for its disks first, or the step fails with the guest
// still running over the cache. Before the VM starts from its moved disks, guest-prep re-applies the
// network captured at preparation on them. The target is shut down for the move, so the moved disks hold
// everything the guest wrote; the switchover (off → on from storage) is recorded. Each LUN moved is
// recorded (DiskMovedToStorage): a retry after a partial move reuses it — and counts no room for it —
// unless the guest wrote to the LUN since. A live move (the guest running through it) is not built:
// see docs/warm-migration.md.
import { IllegalStateError, NotFoundError, UnavailableError } from '@ferry/errors';
import { Step, type MovedLunRecord } from '../../migration';
import type { EffectOf } from '../effects';
import type { DiskToMove } from '../warm-effects';
import { mapDatastore } from './placement';
import { capturedNetworkFiles } from './captured-network';
import { defineStep } from './step-definition';
import { recordedTargetVm } from './target-vm';
import type { WarmTargetPort } from '../warm-ports';
import { warmPortsOf } from './warm-names';

const DEFAULT_GUEST_SHUTDOWN_MS = 5 * 60_000;

const GiB = 2 ** 30;
const gib = (bytes: number): string => `${(bytes / GiB).toFixed(1)} GiB`;

/** Every mapped datastore has room for the disks still to move onto it (their full capacity), before the target stops. */
async function checkRoom(target: WarmTargetPort, effect: EffectOf<'MoveToStorage'>, toMove: readonly DiskToMove[]): Promise<void> {
  const needed = new Map<string, number>();
  for (const disk of toMove) needed.set(disk.datastore, (needed.get(disk.datastore) ?? 0) + disk.capacityBytes);
  for (const [datastore, bytes] of needed) {
    const free = await target.datastoreFreeBytes(datastore);
    if (free === undefined) throw new NotFoundError(`cloud datastore "${datastore}" (the plan's storage map) does not exist on the cloud vCenter; the VM keeps running over the cache: fix the datastore, then retry the migration`);
    if (free < bytes) {
      throw new IllegalStateError(
        `cloud datastore "${datastore}" has ${gib(free)} free but the move needs ${gib(bytes)} for ${effect.targetVm.name}'s disks; the VM keeps running over the cache: free space on "${datastore}" (or grow it), then retry the migration (ferry retry ${effect.migrationId})`,
      );
    }
  }
}

export const moveToStorageStep = defineStep<EffectOf<'MoveToStorage'>>({
  step: Step.MoveToStorage,
  kind: 'MoveToStorage',
  plan: (state, options) => {
    const { facts } = state;
    const volume = facts.cacheVolume;
    if (!volume) throw new IllegalStateError(`migration ${facts.id} has no recorded cache volume to move`);
    return {
      kind: 'MoveToStorage',
      migrationId: facts.id,
      targetVm: recordedTargetVm(state),
      iqn: volume.iqn,
      disks: facts.disks.map((disk) => {
        const moved = facts.movedLuns?.[disk.key];
        return {
          diskKey: disk.key, capacityBytes: disk.capacityBytes, datastore: mapDatastore(facts, disk.datastorePath), lun: volume.luns.find((lun) => lun.diskKey === disk.key)?.lun ?? 0,
          ...(moved ? { moved } : {}),
        };
      }),
      moveId: `move-${facts.id}-a${facts.attempt}`,
      networkFiles: capturedNetworkFiles(facts.guestPrep?.networkJson),
      guestShutdownTimeoutMs: options.guestShutdownTimeoutMs ?? DEFAULT_GUEST_SHUTDOWN_MS,
    };
  },
  async run(effect, { ports, ctx, meta }) {
    const warm = warmPortsOf(ports);
    // A LUN an earlier run moved is still good while the guest wrote nothing to it since (its written count is unchanged).
    const stillGood = async (disk: DiskToMove): Promise<boolean> =>
      disk.moved !== undefined && (await warm.cache.writtenChunks(effect.iqn, disk.lun)).length === disk.moved.disk.chunksWrittenInCloud;
    const reused = new Set<string>();
    for (const disk of effect.disks) if (await stillGood(disk)) reused.add(disk.diskKey);
    await checkRoom(warm.target, effect, effect.disks.filter((disk) => !reused.has(disk.diskKey)));
    const offAt = ctx.now();
    await warm.target.powerOff(effect.targetVm, effect.guestShutdownTimeoutMs);
    const moved: MovedLunRecord[] = [];
    // One LUN at a time: each move streams a whole disk through the cache's staging folder.
    for (const disk of effect.disks) {
      if (disk.moved !== undefined && reused.has(disk.diskKey)) {
        moved.push(disk.moved);
        continue;
      }
      const result = await warm.cache.move({ iqn: effect.iqn, lun: disk.lun, vmName: `${effect.targetVm.name}-ferry-lun${disk.lun}`, datastore: disk.datastore, requestId: `${effect.moveId}-${disk.lun}` });
      if (result.chunksWrittenDuringMove > 0) {
        throw new UnavailableError(`LUN ${disk.lun} of ${effect.iqn} was written during its move (${result.chunksWrittenDuringMove} chunks) although target ${effect.targetVm.moref} was powered off; check that nothing else is logged in to the volume, then retry`);
      }
      const record: MovedLunRecord = {
        disk: { diskKey: disk.diskKey, datastorePath: result.datastorePath, bytes: result.bytes, chunksWrittenInCloud: result.chunksWrittenInCloud, writtenInCloud: result.writtenInCloud, bytesFetchedOnDemand: result.bytesFetchedOnDemand },
        lun: disk.lun, shellVm: result.shellVm, capacityBytes: disk.capacityBytes,
      };
      await ctx.send({ type: 'RecordDiskMoved', data: { meta: meta(`disk-moved-${disk.diskKey}-${result.shellVm}`), ...record } });
      moved.push(record);
    }
    await warm.target.switchToDisks(effect.targetVm, moved.map((m) => ({ datastorePath: m.disk.datastorePath, capacityBytes: m.capacityBytes, shellVm: m.shellVm })));
    // The network captured at preparation goes back on the moved disks before the VM starts from them.
    const networkSteps = Object.keys(effect.networkFiles).length === 0
      ? ['network: skipped - no network files were captured at preparation']
      : await warm.network.reapply({ migrationId: effect.migrationId, runId: `${effect.moveId}-network`, vm: effect.targetVm, datastorePaths: moved.map((m) => m.disk.datastorePath), networkFiles: effect.networkFiles });
    await warm.target.powerOn(effect.targetVm);
    await ctx.send({ type: 'RecordMovedToStorage', data: { meta: meta('moved-to-storage'), disks: moved.map((m) => m.disk), switchoverMillis: ctx.now() - offAt, networkSteps } });
  },
});
