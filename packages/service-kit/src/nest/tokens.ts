/** Injection tokens the service kit provides to every service's AppModule. */
export const SERVICE_NAME = Symbol('ferry:service-name');
/** The validated config object (ConfigOf<the service's schema>). */
export const SERVICE_CONFIG = Symbol('ferry:service-config');
/** A NATS connection of the service's own (JetStream, event store, raw requests); drained on shutdown. */
export const NATS_CONNECTION = Symbol('ferry:nats-connection');
/** The HealthRegistry: add readiness checks with `addCheck(name, () => boolean)`. */
export const HEALTH_REGISTRY = Symbol('ferry:health-registry');
/** The prom-client Registry scraped on /metrics: register your metrics in it. */
export const METRICS_REGISTRY = Symbol('ferry:metrics-registry');
