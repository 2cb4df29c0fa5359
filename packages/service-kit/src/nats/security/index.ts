export { NATS_IDENTITIES, NATS_PERMISSIONS, FORBIDDEN_FOR_ALL, type NatsIdentity, type NatsPermissions, type SubjectRules } from './identities';
export { renderNatsServerConfig, type NatsClusterSettings, type NatsServerSettings } from './server-config';
export { ensureNatsCredentials, readNkeySeed, seedFileName } from './credentials';
export { natsClientSettings, natsConnectionOptions, type NatsClientSettings, type NatsConfigFields } from './client-options';
