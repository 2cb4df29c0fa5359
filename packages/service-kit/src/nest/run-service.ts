import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Logger, Module, type LogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { ValidationError } from '@ferry/errors';
import { loadConfig, type ConfigOf } from '../config/load';
import type { ServiceBaseSchema } from '../config/service-base';
import { connectNats, trackConnection } from '../nats/connection';
import { checkStreamReplicas } from '../nats/stream-replicas';
import { natsClientSettings, natsConnectionOptions } from '../nats/security/client-options';
import { redactProcessOutput, registerSecret, SECRET_VARIABLE } from '../secrets/redaction';
import { FerryNatsServer } from '../nats/server';
import { HealthRegistry } from '../ops/health';
import { createMetricsRegistry } from '../ops/metrics';
import { startOpsServer } from '../ops/ops-server';
import { stopTelemetry } from '../telemetry/telemetry';
import { ReplyWithErrorFilter } from './error.filter';
import { KitModule } from './kit.module';

/** What a service's main.ts passes to runService. */
export interface ServiceDefinition<S extends ServiceBaseSchema> {
  /** The service's name: `ferry.cmd.<name>.*` subjects, the NATS queue group, metric labels. */
  name: string;
  schema: S;
  module: Type<unknown>;
  version?: string;
}

/** Longest time a graceful shutdown may take before the process gives up and exits 1. */
const SHUTDOWN_TIMEOUT_MS = 15_000;
const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Starts a service: config (a bad value stops start-up naming the variable, exit code 2), ops port
 * (gRPC health + /metrics), NATS, the NestJS microservice with the protobuf NATS transport, and a
 * SIGTERM/SIGINT handler that reports NOT_SERVING, drains NATS, closes the ops port and exits 0.
 */
export async function runService<S extends ServiceBaseSchema>(definition: ServiceDefinition<S>): Promise<void> {
  const logger = new Logger(definition.name);
  redactProcessOutput();
  let config: ConfigOf<S>;
  try {
    config = loadConfig(definition.schema);
    natsClientSettings(config as ConfigOf<ServiceBaseSchema>);
    for (const [key, field] of Object.entries(definition.schema)) {
      if (SECRET_VARIABLE.test(field.env)) registerSecret(String((config as Record<string, unknown>)[key] ?? ''));
    }
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    process.stderr.write(`ferry-${definition.name}: ${error.message}\n`);
    process.exit(2);
  }
  try {
    await start(definition, config, logger);
  } catch (error) {
    process.stderr.write(`ferry-${definition.name}: start-up failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

async function start<S extends ServiceBaseSchema>(definition: ServiceDefinition<S>, config: ConfigOf<S>, logger: Logger): Promise<void> {
  const base = config as ConfigOf<ServiceBaseSchema>;
  const health = new HealthRegistry(definition.name);
  // Registered first, so no check a module adds at bootstrap can report SERVING before the command
  // handlers are subscribed (a caller saw 503 "no responders" right after a restart).
  let natsReady = (): boolean => false;
  health.addCheck('nats', () => natsReady());
  const metrics = createMetricsRegistry(definition.name);
  const ops = await startOpsServer({ port: base.opsPort, host: base.opsHost, health, metrics });
  const natsSettings = natsClientSettings(base);
  if (natsSettings.anonymous === true) logger.warn(`NATS_ANONYMOUS=true: joining ${base.natsUrl} without TLS or identity; only a bare test server runs like this (docs/security.md)`);
  const nats = await connectNats(natsSettings, definition.name);
  checkStreamReplicas(nats, base.natsStreamReplicas);
  const transport = new FerryNatsServer({ connection: await natsConnectionOptions(natsSettings), name: definition.name });

  @Module({ imports: [KitModule.forService(definition.module, { name: definition.name, version: definition.version ?? '0.1.0', instanceId: randomUUID(), config, nats, health, metrics })] })
  class ServiceRoot {}

  const app = await NestFactory.createMicroservice<MicroserviceOptions>(ServiceRoot, {
    strategy: transport,
    logger: LEVELS.slice(0, LEVELS.indexOf(base.logLevel) + 1),
  });
  app.useGlobalFilters(new ReplyWithErrorFilter());
  await app.listen();

  const own = trackConnection(nats, () => health.refresh());
  const transportConnection = transport.connection;
  const served = transportConnection ? trackConnection(transportConnection, () => health.refresh()) : { connected: () => false };
  // The server has our subscriptions once a flush round trip returns.
  await transportConnection?.flush();
  natsReady = () => own.connected() && served.connected();
  health.refresh();
  logger.log(`ready: ops (gRPC health, /metrics) on ${base.opsHost}:${ops.port}, NATS ${base.natsUrl}, handling ferry.cmd.${definition.name}.*`);

  // Our own handler rather than app.enableShutdownHooks(): Nest re-raises the signal after closing,
  // so the process would end "killed by SIGTERM" instead of exiting 0 after a clean drain.
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      process.stderr.write(`ferry-${definition.name}: shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms; exiting\n`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    logger.log(`${signal}: draining NATS and closing`);
    health.shutdown();
    await app.close(); // module destroy/shutdown hooks, then the transport drains its connection
    if (!nats.isClosed()) await nats.drain();
    await ops.close();
    await stopTelemetry();
    logger.log('stopped cleanly');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal).catch((error: Error) => {
      process.stderr.write(`ferry-${definition.name}: shutdown failed: ${error.message}\n`);
      process.exit(1);
    }));
  }
}
