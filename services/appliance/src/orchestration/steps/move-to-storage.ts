// MoveToStorage (warm): the hydrated volume goes onto the mapped cloud datastore and the target
// switches to it. Each datastore must have room for its disks first, or the step fails with the guest
// still running over the cache. The target is shut down for the move, so the moved disks hold
// everything the guest wrote; the switchover (off → on from storage) is recorded. A live move (the
// guest running through it) is not built: see docs/warm-migration.md.
import { IllegalStateError, NotFoundError, UnavailableError } from '@ferry/errors';
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { mapDatastore } from './placement';
import { defineStep } from './step-definition';
import { recordedTargetVm } from './target-vm';
import type { WarmTargetPort } from '../warm-ports';
import { warmPortsOf } from './warm-names';

const DEFAULT_GUEST_SHUTDOWN_MS = 5 * 60_000;

const GiB = 2 ** 30;
const gib = (bytes: number): string => `${(bytes / GiB).toFixed(1)} GiB`;

/** Every mapped datastore has room for the disks moving onto it (their full capacity), before the target stops. */
async function checkRoom(target: WarmTargetPort, effect: EffectOf<'MoveToStorage'>): Promise<void> {
  const needed = new Map<string, number>();
  for (const disk of effect.disks) needed.set(disk.datastore, (needed.get(disk.datastore) ?? 0) + disk.capacityBytes);
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
      disks: facts.disks.map((disk) => ({
        diskKey: disk.key, capacityBytes: disk.capacityBytes, datastore: mapDatastore(facts, disk.datastorePath), lun: volume.luns.find((lun) => lun.diskKey === disk.key)?.lun ?? 0,
      })),
      moveId: `move-${facts.id}-a${facts.attempt}`,
      guestShutdownTimeoutMs: options.guestShutdownTimeoutMs ?? DEFAULT_GUEST_SHUTDOWN_MS,
    };
  },
  async run(effect, { ports, ctx, meta }) {
    const warm = warmPortsOf(ports);
    await checkRoom(warm.target, effect);
    const offAt = ctx.now();
    await warm.target.powerOff(effect.targetVm, effect.guestShutdownTimeoutMs);
    const moved = [];
    // One LUN at a time: each move streams a whole disk through the cache's staging folder.
    for (const disk of effect.disks) {
      const result = await warm.cache.move({ iqn: effect.iqn, lun: disk.lun, vmName: `${effect.targetVm.name}-ferry-lun${disk.lun}`, datastore: disk.datastore, requestId: `${effect.moveId}-${disk.lun}` });
      if (result.chunksWrittenDuringMove > 0) {
        throw new UnavailableError(`LUN ${disk.lun} of ${effect.iqn} was written during its move (${result.chunksWrittenDuringMove} chunks) although target ${effect.targetVm.moref} was powered off; check that nothing else is logged in to the volume, then retry`);
      }
      moved.push({ ...disk, ...result });
    }
    await warm.target.switchToDisks(effect.targetVm, moved.map((m) => ({ datastorePath: m.datastorePath, capacityBytes: m.capacityBytes, shellVm: m.shellVm })));
    await warm.target.powerOn(effect.targetVm);
    const disks = moved.map((m) => ({ diskKey: m.diskKey, datastorePath: m.datastorePath, bytes: m.bytes, chunksWrittenInCloud: m.chunksWrittenInCloud, writtenInCloud: m.writtenInCloud, bytesFetchedOnDemand: m.bytesFetchedOnDemand }));
    await ctx.send({ type: 'RecordMovedToStorage', data: { meta: meta('moved-to-storage'), disks, switchoverMillis: ctx.now() - offAt } });
  },
});
