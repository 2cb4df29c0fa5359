// @ferry/service-kit: what every service's composition root uses. Telemetry has its own entry
// (@ferry/service-kit/telemetry) because main.ts loads it before anything else.
export * from './config';
export * from './telemetry';
export * from './proto/registry';
export * from './nats/envelope';
export * from './nats/serializer';
export * from './nats/server';
export * from './nats/request';
export * from './nats/run-owners';
export * from './nats/no-responders';
export * from './nats/connection';
export * from './nats/stream-replicas';
export * from './nats/security';
export * from './secrets';
export * from './grpc/definitions';
export * from './grpc/client';
export * from './grpc/server';
export * from './grpc/malformed-request';
export * from './timing/pause';
export * from './ops/health';
export * from './ops/metrics';
export * from './ops/latency-histogram';
export * from './ops/ops-server';
export * from './nest/tokens';
export * from './nest/error.filter';
export * from './nest/kit.module';
export * from './nest/run-service';
