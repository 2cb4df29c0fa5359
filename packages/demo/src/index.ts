// The running system as tests and the demo see it.
export * from './system';
export * from './checks';
export * from './table';
