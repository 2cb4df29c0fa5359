import { boolean, int, oneOf, port, string, urls, type Field } from './fields';

/** Fields every service has; `runService` relies on them. */
export type ServiceBaseSchema = {
  opsPort: Field<number>;
  natsUrl: Field<string>;
  natsCredentialsFile: Field<string>;
  natsCaFile: Field<string>;
  natsAnonymous: Field<boolean>;
  natsStreamReplicas: Field<number>;
  opsHost: Field<string>;
  logLevel: Field<'error' | 'warn' | 'log' | 'debug' | 'verbose'>;
  traceConsole: Field<boolean>;
};

/** The common fields with the service's documented ops port (8000-8010) as default. */
export function serviceBase(defaults: { opsPort: number }): ServiceBaseSchema {
  return {
    opsPort: port({ env: 'OPS_PORT', default: defaults.opsPort, doc: 'gRPC health and Prometheus /metrics' }),
    opsHost: string({ env: 'OPS_HOST', default: '0.0.0.0', doc: 'address the ops port binds to' }),
    natsUrl: urls({ env: 'NATS_URL', default: 'nats://127.0.0.1:4222', protocols: ['nats:', 'tls:'], doc: 'the NATS server to join; in cluster mode every node, comma-separated' }),
    natsCredentialsFile: string({ env: 'NATS_CREDENTIALS_FILE', default: '', doc: 'this service\'s NATS nkey seed file (0600); required unless NATS_ANONYMOUS=true' }),
    natsCaFile: string({ env: 'NATS_CA_FILE', default: '', doc: 'site CA certificate nats-server\'s TLS certificate is checked against; required unless NATS_ANONYMOUS=true' }),
    natsAnonymous: boolean({ env: 'NATS_ANONYMOUS', default: false, doc: 'join a bare test nats-server without TLS or identity (never in production; logged as a warning)' }),
    // Every stream and KV bucket a service creates gets this many copies (docs/event-store.md, "Cluster mode").
    natsStreamReplicas: int({ env: 'NATS_STREAM_REPLICAS', default: 1, min: 1, max: 5, doc: 'copies of every JetStream stream and KV bucket: 1 on a single nats-server, 3 on a 3-node cluster (checked at start against the server)' }),
    logLevel: oneOf({ env: 'LOG_LEVEL', default: 'log', values: ['error', 'warn', 'log', 'debug', 'verbose'], doc: 'lowest log level printed' }),
    traceConsole: boolean({ env: 'TRACE_CONSOLE', default: false, doc: 'print finished spans to stdout' }),
  };
}
