// MoveToStorage (warm): the hydrated volume goes onto the mapped cloud datastore and the target
// switches to it. The target is shut down first, so the moved disks hold everything the guest wrote;
// the switchover (off → on from storage) is recorded. A live move (the guest running through it) is
// not built: see docs/warm-migration.md.
import { IllegalStateError, UnavailableError } from '@ferry/errors';
import { Step } from '../../migration';
import type { EffectOf } from '../effects';
import { mapDatastore } from './placement';
import { defineStep } from './step-definition';
import { recordedTargetVm } from './target-vm';
import { warmPortsOf } from './warm-names';

const DEFAULT_GUEST_SHUTDOWN_MS = 5 * 60_000;

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
