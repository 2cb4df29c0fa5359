export * from './chunk-receiver-client';
export * from './session-stripes';
