// The process manager: from the migration's state and the event just stored, the next side effect to
// carry out (or none). Pure: the effect runner does the I/O. Which step comes next is the itinerary's
// business; what effect a step asks for is the step's (steps/).
import { Step, stepOf, type ActiveState, type MigrationEvent, type MigrationState } from '../migration';
import type { Effect } from './effects';
import { compensationEffect } from './steps/compensate';
import { purgeEffect } from './steps/purge-cloud';
import { stepDefinition } from './steps/registry';
import type { ProcessManagerOptions } from './steps/step-definition';

export type { ProcessManagerOptions } from './steps/step-definition';

/**
 * Events that start no step: progress inside a running step (the step is already under way, a copy
 * waiting included), and a
 * new disk rate cap (the runner hands it to the copies under way; later copies read it from the facts).
 */
const IN_STEP: ReadonlySet<MigrationEvent['type']> = new Set(['DiskCopyStarted', 'DiskCopyCheckpointed', 'DiskCopyWaiting', 'ShipBackProgressed', 'DeltaSyncStarted', 'DiskRateSet', 'MigrationFailed', 'MigrationCompleted', 'MigratedBack', 'CompensationCompleted', 'CloudPurged']);

/** The effect that runs the step an active migration is at, as its mode's itinerary and the step's definition say. */
export function effectForState(state: ActiveState, options: ProcessManagerOptions = {}): Effect {
  return stepDefinition(stepOf(state)).plan(state, options);
}

/**
 * The next effect after `event` was stored and folded into `state`. None while a step reports
 * progress, after a failure (an operator retries) and once the migration is over.
 */
export function nextEffect(state: MigrationState, event: MigrationEvent, options: ProcessManagerOptions = {}): Effect | undefined {
  if (IN_STEP.has(event.type)) return undefined;
  if (state.phase === 'cancelled') return compensationEffect(state);
  if (state.phase === 'migrated-back') return purgeEffect(state);
  if (state.phase === 'initial' || state.phase === 'failed' || state.phase === 'completed') return undefined;
  // A completed disk with others still copying: the running CopyDisks effect carries on. Hydration
  // records its own completion after its last disk, so its effect carries on from disks-copied too.
  if (event.type === 'DiskCopyCompleted' && (state.phase === 'copying-disks' || stepOf(state) === Step.Hydrate)) return undefined;
  return effectForState(state, options);
}
