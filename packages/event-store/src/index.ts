// @ferry/event-store: the event store on NATS JetStream, deciders, projections and audit verification.
export * from './types';
export * from './decider';
export * from './decider-specification';
export * from './command-handler';
export * from './retry';
export * from './projection';
export * from './stream-config';
export { JetStreamEventStore, BATCH_FORMAT_HEADER, type EventStoreOptions } from './jetstream-event-store';
export { hashEvent, canonicalEncoding, type HashedFields } from './hashing';
export { BATCH_FORMAT } from './batch-codec';
export * from './audit-types';
export { verifyAudit, type VerifyAuditOptions } from './audit';
export type { AuditSignatureOptions } from './audit-tail';
export * from './signing';
