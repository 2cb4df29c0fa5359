export * from './fields';
export * from './load';
export * from './service-base';
export * from './node-flags';
