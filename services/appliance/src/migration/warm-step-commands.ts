// One pure function per command that records the outcome of a warm migration's own steps.
import { IllegalStateError, ValidationError } from '@ferry/errors';
import type { CommandOf } from './migration-commands';
import { Step, type EventOf } from './migration-events';
import type { MigrationState } from './migration-state';
import { metaOf } from './plan-migration';
import { atPhase, atStep } from './step-guard';

export function recordGuestPrepared(command: CommandOf<'RecordGuestPrepared'>, state: MigrationState): EventOf<'GuestPrepared'>[] {
  if (!atStep(state, [Step.PrepareGuest], 'record the guest prepared')) return [];
  const { guestOs, steps, prepId, networkJson } = command.data;
  return [{ type: 'GuestPrepared', data: { meta: metaOf(command), guestOs, steps, prepId, networkJson } }];
}

export function recordCacheVolume(command: CommandOf<'RecordCacheVolume'>, state: MigrationState): EventOf<'CacheVolumeCreated'>[] {
  const current = atStep(state, [Step.CreateCacheVolume], 'record the cache volume');
  if (!current) return [];
  const d = command.data;
  const missing = current.facts.disks.filter((disk) => !d.luns.some((lun) => lun.diskKey === disk.key));
  if (missing.length > 0) {
    throw new ValidationError('luns', `no LUN for disk ${missing.map((disk) => disk.key).join(', ')} of ${current.facts.sourceVm.moref}; every disk needs a LUN of the cache volume`);
  }
  return [{ type: 'CacheVolumeCreated', data: { meta: metaOf(command), iqn: d.iqn, portal: d.portal, chapUser: d.chapUser, luns: d.luns } }];
}

export function recordBootedOverCache(command: CommandOf<'RecordBootedOverCache'>, state: MigrationState): EventOf<'BootedOverCache'>[] {
  const current = atStep(state, [Step.AwaitBootOverCache], 'record the boot over the cache');
  if (!current) return [];
  const expected = current.facts.cacheVolume?.iqn;
  if (command.data.iqn !== expected) {
    throw new IllegalStateError(`the boot was seen on ${command.data.iqn}, but migration ${current.facts.id}'s cache volume is ${expected ?? 'not recorded'}`);
  }
  return [{ type: 'BootedOverCache', data: { meta: metaOf(command), iscsiTargetIqn: command.data.iqn, initiators: command.data.initiators } }];
}

export function recordHydration(command: CommandOf<'RecordHydration'>, state: MigrationState): EventOf<'HydrationCompleted'>[] {
  // Only once every disk's hydration completed (the phase is then disks-copied).
  if (!atPhase(state, ['disks-copied'], 'record the hydration completed')) return [];
  return [{ type: 'HydrationCompleted', data: { meta: metaOf(command), bytesHydrated: command.data.bytesHydrated } }];
}

/** One LUN moved (MoveToStorage goes on with the next); the move's attempt may record it again after a retry. */
export function recordDiskMoved(command: CommandOf<'RecordDiskMoved'>, state: MigrationState): EventOf<'DiskMovedToStorage'>[] {
  const current = atStep(state, [Step.MoveToStorage], 'record a disk moved to storage');
  if (!current) return [];
  const { disk, lun, shellVm, capacityBytes } = command.data;
  if (!current.facts.disks.some((d) => d.key === disk.diskKey)) throw new ValidationError('disk.diskKey', `${disk.diskKey} is not a disk of ${current.facts.sourceVm.moref}`);
  return [{ type: 'DiskMovedToStorage', data: { meta: metaOf(command), disk, lun, shellVm, capacityBytes } }];
}

export function recordMovedToStorage(command: CommandOf<'RecordMovedToStorage'>, state: MigrationState): EventOf<'MovedToStorage'>[] {
  const current = atStep(state, [Step.MoveToStorage], 'record the move to storage');
  if (!current) return [];
  const moved = new Set(command.data.disks.map((disk) => disk.diskKey));
  const missing = current.facts.disks.filter((disk) => !moved.has(disk.key));
  if (missing.length > 0) throw new ValidationError('disks', `disk ${missing.map((disk) => disk.key).join(', ')} was not moved to storage; move every disk`);
  return [{ type: 'MovedToStorage', data: { meta: metaOf(command), disks: command.data.disks, switchoverMillis: command.data.switchoverMillis, networkSteps: command.data.networkSteps } }];
}

export function recordCacheReleased(command: CommandOf<'RecordCacheReleased'>, state: MigrationState): EventOf<'CacheReleased'>[] {
  if (!atStep(state, [Step.ReleaseCache], 'record the cache released')) return [];
  return [{ type: 'CacheReleased', data: { meta: metaOf(command), iqn: command.data.iqn, steps: command.data.steps } }];
}
