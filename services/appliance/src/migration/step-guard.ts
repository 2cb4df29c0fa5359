// Which state a step's command may act on; a command whose outcome is already recorded decides nothing.
import { IllegalStateError } from '@ferry/errors';
import { itineraryFor, phasesOf, positionIn } from './itineraries';
import type { Step } from './migration-events';
import { STEP_NAMES, isActive, phaseIndex, stepOf, type ActivePhase, type ActiveState, type MigrationState } from './migration-state';

/**
 * The active state when it is in one of `phases`; undefined when the migration is already past them
 * (a re-delivered command: no new events). Any other state refuses the command with what to do.
 */
export function atPhase(state: MigrationState, phases: readonly ActivePhase[], action: string): ActiveState | undefined {
  if (isActive(state)) {
    if (phases.includes(state.phase)) return state;
    const itinerary = itineraryFor(state.facts);
    const last = Math.max(...phases.map((phase) => positionIn(itinerary, phase)));
    // None of the phases is on the itinerary the migration follows now (it turned to migrate back): refused,
    // so a step still running from the forward itinerary (hydration) stops.
    if (last < 0) throw new IllegalStateError(`cannot ${action}: migration ${state.facts.id} follows the ${itinerary.name} itinerary now, which has no such step`);
    if (phaseIndex(state) > last) return undefined;
    throw new IllegalStateError(
      `cannot ${action}: migration ${state.facts.id} is at step ${STEP_NAMES[stepOf(state)]}; wait for that step to finish`,
    );
  }
  switch (state.phase) {
    case 'initial':
      throw new IllegalStateError(`cannot ${action}: the migration is not planned; send PlanMigration first`);
    case 'completed':
    case 'migrated-back':
      return undefined;
    case 'failed':
      throw new IllegalStateError(
        `cannot ${action}: migration ${state.facts.id} failed at step ${STEP_NAMES[state.failedStep]} (${state.reason}); retry it first`,
      );
    case 'cancelled':
      throw new IllegalStateError(`cannot ${action}: migration ${state.facts.id} is cancelled; plan a new migration`);
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
}

/**
 * `atPhase` for the phases from which one of `steps` runs in the migration's own itinerary, so one
 * command serves every mode that has the step. A mode without the step refuses the command.
 */
export function atStep(state: MigrationState, steps: readonly Step[], action: string): ActiveState | undefined {
  if (state.phase === 'initial') return atPhase(state, [], action);
  const itinerary = itineraryFor(state.facts);
  const phases = phasesOf(itinerary, steps);
  if (phases.length === 0) {
    throw new IllegalStateError(`cannot ${action}: migration ${state.facts.id} is ${itinerary.name}, whose itinerary has no such step`);
  }
  return atPhase(state, phases, action);
}
