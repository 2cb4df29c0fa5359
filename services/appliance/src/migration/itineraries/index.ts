// Every migration mode this appliance runs, by mode.
import { ValidationError } from '@ferry/errors';
import type { MigrationMode } from '../migration-events';
import { COLD_ITINERARY } from './cold';
import { WARM_ITINERARY } from './warm';
import type { ActivePhase, Itinerary } from './itinerary';

export * from './itinerary';
export { COLD_ITINERARY } from './cold';
export { WARM_ITINERARY } from './warm';

/** The itineraries this appliance runs. */
export const ITINERARIES: readonly Itinerary[] = [COLD_ITINERARY, WARM_ITINERARY];

/** Every phase any itinerary passes through. */
export const ACTIVE_PHASES: ReadonlySet<ActivePhase> = new Set(ITINERARIES.flatMap((it) => it.rows.map((row) => row.phase)));

/** The itinerary of a mode, if this appliance runs it. */
export function findItinerary(mode: MigrationMode): Itinerary | undefined {
  return ITINERARIES.find((it) => it.mode === mode);
}

/** The itinerary of a mode; a mode this appliance does not run is refused, naming the ones it does. */
export function itineraryOf(mode: MigrationMode): Itinerary {
  const found = findItinerary(mode);
  if (found === undefined) {
    throw new ValidationError('mode', `${mode} is not supported by this appliance yet; use one of: ${ITINERARIES.map((it) => `${it.name} (${it.mode})`).join(', ')}`);
  }
  return found;
}
