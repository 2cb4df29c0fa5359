// Loaded first by every main.ts: keep this entry free of NestJS imports.
export * from './telemetry';
export * from './propagation';
export * from './prom-metrics-producer';
