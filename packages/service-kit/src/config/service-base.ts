import { boolean, oneOf, port, string, url, type Field } from './fields';

/** Fields every service has; `runService` relies on them. */
export type ServiceBaseSchema = {
  opsPort: Field<number>;
  natsUrl: Field<string>;
  opsHost: Field<string>;
  logLevel: Field<'error' | 'warn' | 'log' | 'debug' | 'verbose'>;
  traceConsole: Field<boolean>;
};

/** The common fields with the service's documented ops port (8000-8010) as default. */
export function serviceBase(defaults: { opsPort: number }): ServiceBaseSchema {
  return {
    opsPort: port({ env: 'OPS_PORT', default: defaults.opsPort, doc: 'gRPC health and Prometheus /metrics' }),
    opsHost: string({ env: 'OPS_HOST', default: '0.0.0.0', doc: 'address the ops port binds to' }),
    natsUrl: url({ env: 'NATS_URL', default: 'nats://127.0.0.1:4222', protocols: ['nats:', 'tls:'], doc: 'the NATS server to join' }),
    logLevel: oneOf({ env: 'LOG_LEVEL', default: 'log', values: ['error', 'warn', 'log', 'debug', 'verbose'], doc: 'lowest log level printed' }),
    traceConsole: boolean({ env: 'TRACE_CONSOLE', default: false, doc: 'print finished spans to stdout' }),
  };
}
