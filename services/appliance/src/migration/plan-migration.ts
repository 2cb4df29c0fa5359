// PlanMigration: the first command of a migration, with the checks that need no inventory.
import { IllegalStateError, ValidationError } from '@ferry/errors';
import type { CommandOf } from './migration-commands';
import { itineraryOf } from './itineraries';
import { MigrationMode, type EventOf, type EventMeta } from './migration-events';
import type { MigrationState } from './migration-state';

/** "[datastore1] vm/vm.vmdk" → "datastore1"; undefined when the path has no bracketed datastore. */
export function datastoreOf(datastorePath: string): string | undefined {
  return /^\[([^\]]+)\]/.exec(datastorePath)?.[1];
}

export function metaOf(command: { data: { meta: { commandId: string; migrationId: string; at: number } } }): EventMeta {
  const { meta } = command.data;
  return { migrationId: meta.migrationId, at: meta.at, causeCommandId: meta.commandId };
}

export function planMigration(command: CommandOf<'PlanMigration'>, state: MigrationState): EventOf<'MigrationPlanned'>[] {
  const d = command.data;
  if (state.phase !== 'initial') {
    // A re-delivered PlanMigration for the same VM and plan changes nothing.
    if (state.facts.planId === d.planId && state.facts.sourceVm.moref === d.sourceVm.moref) return [];
    throw new IllegalStateError(
      `migration ${d.meta.migrationId} is already planned for ${state.facts.sourceVm.moref} in plan ${state.facts.planId}; plan ${d.sourceVm.moref} under a new migration id`,
    );
  }
  // Only modes with an itinerary run here; the refusal names the ones that do.
  itineraryOf(d.mode);
  if (!d.sourceVm.moref) throw new ValidationError('source_vm.moref', 'is empty; name the source VM by its managed object id, e.g. "vm-42"');
  if (d.disks.length === 0) throw new ValidationError('disks', `VM ${d.sourceVm.moref} has no disks to copy; check the inventory of the source VM`);
  d.disks.forEach((disk, i) => {
    const datastore = datastoreOf(disk.datastorePath);
    if (datastore === undefined) {
      throw new ValidationError(`disks[${i}].datastore_path`, `"${disk.datastorePath}" does not start with "[datastore]"; use the path vCenter reports`);
    }
    if (!d.storageMap.some((m) => m.sourceDatastore === datastore)) {
      throw new ValidationError('storage_map', `no target datastore for source datastore "${datastore}" (disk ${disk.key} of ${d.sourceVm.moref}); add a mapping for it`);
    }
  });
  const precopy = d.mode === MigrationMode.Precopy;
  if (precopy && !(d.precopyIntervalSeconds > 0)) {
    throw new ValidationError('precopy_interval_seconds', `${d.precopyIntervalSeconds} is not a pre-copy interval; give the seconds between two delta syncs (default 3600)`);
  }
  return [
    {
      type: 'MigrationPlanned',
      data: {
        meta: metaOf(command), planId: d.planId, sourceVm: d.sourceVm, mode: d.mode, networkMap: d.networkMap, storageMap: d.storageMap, target: d.target, disks: d.disks,
        maxDiskBytesPerSecond: d.maxDiskBytesPerSecond, acceptUnqualified: d.acceptUnqualified, precopyIntervalSeconds: precopy ? d.precopyIntervalSeconds : 0,
      },
    },
  ];
}
