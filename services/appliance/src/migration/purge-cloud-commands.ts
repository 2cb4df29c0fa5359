// PurgeCloud: after a migrate back, the cloud VM and its disks (kept powered off so the operator can
// look or go forward again) are removed on request. Refused, with what to do instead, for any other migration.
import { IllegalStateError } from '@ferry/errors';
import type { CommandOf } from './migration-commands';
import type { EventOf } from './migration-events';
import type { MigrationState } from './migration-state';
import { metaOf } from './plan-migration';

export function purgeCloud(command: CommandOf<'PurgeCloud'>, state: MigrationState): EventOf<'CloudPurgeRequested'>[] {
  const id = command.data.meta.migrationId;
  if (state.phase === 'initial') throw new IllegalStateError(`cannot purge the cloud VM: there is no migration ${id}`);
  if (state.phase !== 'migrated-back') {
    const what = state.phase === 'completed'
      ? 'it completed: its cloud VM is the migrated VM, in use'
      : state.facts.back !== undefined ? `its migrate back is not over (${state.phase}); let it finish (or retry it), then purge`
        : `it was not migrated back (${state.phase}); purge-cloud removes only the cloud VM a migrate back left powered off`;
    throw new IllegalStateError(`cannot purge the cloud VM of migration ${id}: ${what}`);
  }
  if (state.purge?.done) throw new IllegalStateError(`the cloud VM of migration ${id} was already purged (${state.purge.done.steps.join('; ') || 'nothing was left'})`);
  // A request while one runs changes nothing: the running purge carries on.
  if (state.purge) return [];
  return [{ type: 'CloudPurgeRequested', data: { meta: metaOf(command), reason: command.data.reason } }];
}

export function recordCloudPurged(command: CommandOf<'RecordCloudPurged'>, state: MigrationState): EventOf<'CloudPurged'>[] {
  if (state.phase !== 'migrated-back' || !state.purge) {
    throw new IllegalStateError(`cannot record the cloud VM purged: migration ${command.data.meta.migrationId} has no purge under way`);
  }
  if (state.purge.done) return [];
  return [{ type: 'CloudPurged', data: { meta: metaOf(command), steps: command.data.steps } }];
}
