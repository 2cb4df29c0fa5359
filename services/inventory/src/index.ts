// The inventory domain: collection of both vCenters, the projection and readiness assessment.
export * from './inventory/model';
export * from './inventory/events';
export * from './inventory/projection';
export * from './inventory/collector';
export * from './readiness/matrix';
export * from './readiness/rules';
export * from './readiness/checks';
export * from './readiness/assess';
export * from './wire/event-codec';
export * from './journal/stream';
export * from './journal/journal';
export * from './journal/read-model';
