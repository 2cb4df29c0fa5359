// The plan aggregate and the scheduler.
export * from './plan-events';
export * from './plan-commands';
export * from './plan-decider';
export * from './scheduler';
export { planCodec } from './plan-codec';
