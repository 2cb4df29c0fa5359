// The migration aggregate: events, commands, state and the decider.
export * from './migration-events';
export * from './migration-commands';
export * from './migration-state';
export { itineraryOf, findItinerary, ITINERARIES, type Itinerary, type ItineraryRow } from './itineraries';
export { migrationDecider, decide as decideMigration } from './migration-decider';
export { migrationCodec, migrationStream } from './migration-codec';
export { datastoreOf } from './plan-migration';
export { checkDiskRate } from './disk-rate';
export type { DowntimePrediction, PredictedStep } from './downtime-prediction';
