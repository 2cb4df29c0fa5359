// A pre-copy migration's scheduled cutover (ScheduleCutover → CutoverScheduled) and the downtime predicted
// when the cutover was asked for (RecordDowntimePrediction → DowntimePredicted). Pure.
import { IllegalStateError, ValidationError } from '@ferry/errors';
import type { CommandOf } from './migration-commands';
import { MigrationMode, type EventOf } from './migration-events';
import { isActive, type MigrationState } from './migration-state';
import { metaOf } from './plan-migration';

/** The pre-copy migration's state, or a refusal saying why it has no cutover to schedule. */
function precopyOf(state: MigrationState, migrationId: string, action: string) {
  if (state.phase === 'initial') throw new IllegalStateError(`cannot ${action} of migration ${migrationId}: it is not planned`);
  const { facts } = state;
  if (facts.mode !== MigrationMode.Precopy || !facts.precopy) {
    throw new IllegalStateError(`cannot ${action} of migration ${facts.id}: it is not a pre-copy migration (only MIGRATION_MODE_PRECOPY has a cutover)`);
  }
  return { state, precopy: facts.precopy };
}

/** The cutover at `atMillis`: ahead of the command's time; a new time replaces the old; refused once the cutover was asked for. */
export function scheduleCutover(command: CommandOf<'ScheduleCutover'>, state: MigrationState): EventOf<'CutoverScheduled'>[] {
  const { atMillis, meta } = command.data;
  const { state: current, precopy } = precopyOf(state, meta.migrationId, 'schedule the cutover');
  if (precopy.cutoverRequestedAt !== undefined) {
    throw new IllegalStateError(`cannot schedule the cutover of migration ${current.facts.id}: its cutover was asked for at ${new Date(precopy.cutoverRequestedAt).toISOString()} and is under way`);
  }
  if (!isActive(current)) {
    throw new IllegalStateError(`cannot schedule the cutover of migration ${current.facts.id}: it is ${current.phase}${current.phase === 'failed' ? '; retry it first (ferry retry)' : ''}`);
  }
  if (precopy.cutoverScheduledAt === atMillis) return [];
  if (!Number.isSafeInteger(atMillis) || atMillis < meta.at) {
    throw new ValidationError('at', `${Number.isSafeInteger(atMillis) ? new Date(atMillis).toISOString() : atMillis} is in the past (the appliance's time is ${new Date(meta.at).toISOString()}); give a time ahead, or cut over now with Cutover`);
  }
  return [{ type: 'CutoverScheduled', data: { meta: metaOf(command), atMillis } }];
}

/** The prediction made when the cutover was asked for: recorded once, before the source is off. */
export function recordDowntimePrediction(command: CommandOf<'RecordDowntimePrediction'>, state: MigrationState): EventOf<'DowntimePredicted'>[] {
  const { precopy } = precopyOf(state, command.data.meta.migrationId, 'record the downtime prediction');
  if (precopy.cutoverRequestedAt === undefined) throw new IllegalStateError(`the cutover of migration ${command.data.meta.migrationId} was not asked for; a prediction is recorded at the cutover`);
  if (precopy.downtimePrediction) return [];
  return [{ type: 'DowntimePredicted', data: { meta: metaOf(command), prediction: command.data.prediction } }];
}
