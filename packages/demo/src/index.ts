// The demo's checks of a running site (health, metrics, NATS ping) and its report table.
export * from './checks';
export * from './table';
