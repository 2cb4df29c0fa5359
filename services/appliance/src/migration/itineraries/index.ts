// Every migration mode this appliance runs, by mode.
import { ValidationError } from '@ferry/errors';
import type { MigrationMode } from '../migration-events';
import { COLD_ITINERARY } from './cold';
import { WARM_ITINERARY } from './warm';
import { BACK_ITINERARY } from './back';
import { PRECOPY_ITINERARY } from './precopy';
import type { ActivePhase, Itinerary } from './itinerary';

export * from './itinerary';
export { COLD_ITINERARY } from './cold';
export { WARM_ITINERARY } from './warm';
export { BACK_ITINERARY } from './back';
export { PRECOPY_ITINERARY } from './precopy';

/** The itineraries this appliance runs a migration through from its start, by mode. */
export const ITINERARIES: readonly Itinerary[] = [COLD_ITINERARY, WARM_ITINERARY, PRECOPY_ITINERARY];

/** Every phase any itinerary passes through (the way back included). */
export const ACTIVE_PHASES: ReadonlySet<ActivePhase> = new Set([...ITINERARIES, BACK_ITINERARY].flatMap((it) => it.rows.map((row) => row.phase)));

/** The itinerary a migration follows now: its mode's, or the way back once a migrate back was requested. */
export function itineraryFor(facts: { readonly mode: MigrationMode; readonly back?: unknown }): Itinerary {
  return facts.back !== undefined ? BACK_ITINERARY : itineraryOf(facts.mode);
}

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
