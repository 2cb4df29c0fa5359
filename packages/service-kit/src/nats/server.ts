import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ServerNats } from '@nestjs/microservices';
import type { ConnectionOptions, Msg, NatsConnection } from 'nats';
import { extractNatsHeaders } from '../telemetry/propagation';
import { tracer } from '../telemetry/telemetry';
import { ProtobufDeserializer, ProtobufSerializer } from './serializer';

/** Options of the NATS transport every service uses. */
export interface FerryNatsOptions {
  /** Server, TLS and identity (natsConnectionOptions). */
  connection: ConnectionOptions;
  /** Connection name shown by the NATS server (the service name). */
  name: string;
  /** Queue group, so replicas of a service share requests; defaults to the service name. */
  queue?: string;
}

/**
 * NestJS's NATS transport with three changes: protobuf envelopes instead of JSON, every handler runs
 * inside a span whose parent is the trace context from the message's headers, and close() drains the
 * connection so in-flight requests are answered before the process exits.
 */
export class FerryNatsServer extends ServerNats {
  constructor(options: FerryNatsOptions) {
    super({
      ...options.connection,
      name: options.name,
      queue: options.queue ?? options.name,
      serializer: new ProtobufSerializer(),
      deserializer: new ProtobufDeserializer(),
      // Keep trying while NATS restarts instead of giving up after the client's default 10 attempts.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  }

  /** The transport's NATS connection once listening (for readiness). */
  get connection(): NatsConnection | undefined {
    return (this as unknown as { natsClient?: NatsConnection | null }).natsClient ?? undefined;
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<void> {
    const parent = extractNatsHeaders(natsMsg.headers, context.active());
    const span = tracer().startSpan(`${channel} process`, {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': natsMsg.subject },
    }, parent);
    try {
      await context.with(trace.setSpan(parent, span), () => super.handleMessage(channel, natsMsg));
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      this.logger.error(`${channel}: ${(error as Error).message}`);
    } finally {
      span.end();
    }
  }

  /** Drains instead of closing: subscriptions stop, pending replies are flushed, then the connection closes. */
  override async close(): Promise<void> {
    const connection = this.connection;
    if (connection && !connection.isClosed()) await connection.drain();
    (this as unknown as { natsClient: NatsConnection | null }).natsClient = null;
  }
}
