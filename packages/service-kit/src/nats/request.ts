import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ConcurrencyError, IllegalStateError, IntegrityError, NotFoundError, UnavailableError, ValidationError } from '@ferry/errors';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { injectNatsHeaders } from '../telemetry/propagation';
import { tracer } from '../telemetry/telemetry';
import { connectedNow, onDrop, whenConnected } from './connection-drops';
import { unwrap, wrap } from './envelope';

/** A reply that came back with an error: the remote error's class name is kept in `remoteName`. */
export class RemoteError extends Error {
  constructor(readonly subject: string, readonly remoteName: string, message: string) {
    super(`${subject}: ${remoteName}: ${message}`);
    this.name = 'RemoteError';
  }
}

/**
 * The NATS connection dropped while a request waited for its reply: the request or its reply may be
 * lost with the server, and none comes after the reconnect. Send it again once connected (Ferry's
 * commands carry ids, so a re-sent one is joined or answered from what it did).
 */
export class ConnectionDroppedError extends UnavailableError {
  constructor(readonly subject: string, server: string) {
    super(`the NATS connection to ${server} dropped while waiting for the reply on ${subject}: the request or its reply may be lost with the server; send it again once the connection is back`);
  }
}

/** Rebuilds a Ferry error of the same class where one exists, so callers can branch on the class. */
function toError(subject: string, name: string, message: string): Error {
  switch (name) {
    case 'ValidationError':
      return new ValidationError(subject, message);
    case 'IllegalStateError':
      return new IllegalStateError(message);
    case 'NotFoundError':
      return new NotFoundError(message);
    case 'ConcurrencyError':
      return new ConcurrencyError(message);
    case 'IntegrityError':
      return new IntegrityError(message);
    case 'UnavailableError':
      return new UnavailableError(message);
    default:
      return new RemoteError(subject, name, message);
  }
}

/**
 * Sends a generated protobuf message as a NATS request on `subject` and returns the decoded reply.
 * The trace context travels in NATS headers and in the envelope; a timeout or no responder is an
 * UnavailableError naming the subject, and a disconnect while waiting a ConnectionDroppedError at once.
 * Asked while the connection is down, it waits for the reconnect (within the same timeout) and sends then:
 * nats.js would discard a request published while it reconnects, and the caller would wait out its timeout.
 */
export async function natsRequest<T = unknown>(nc: NatsConnection, subject: string, message: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const askedAt = Date.now();
  const span = tracer().startSpan(`${subject} send`, { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } });
  const ctx = trace.setSpan(context.active(), span);
  try {
    const reply = await context.with(ctx, async () => {
      // Sent in the caller's turn while connected (a flush right after it covers the request); awaited only while down.
      if (!connectedNow(nc) && !(await whenConnected(nc, timeoutMs))) {
        throw new UnavailableError(`${subject} was not sent: the NATS connection to ${nc.getServer()} was down and did not come back within ${timeoutMs} ms; start nats-server or mend the network, then send it again`);
      }
      const timeout = Math.max(1, timeoutMs - (Date.now() - askedAt));
      const request = nc.request(subject, wrap(message), { timeout, headers: injectNatsHeaders(natsHeaders(), ctx) });
      let stopWatching = (): void => undefined;
      const dropped = new Promise<never>((_, reject) => {
        stopWatching = onDrop(nc, () => reject(new ConnectionDroppedError(subject, nc.getServer())));
      });
      try {
        return await Promise.race([request, dropped]);
      } catch (cause) {
        if (cause instanceof ConnectionDroppedError) {
          // The abandoned request settles at its own timeout; nothing waits for it.
          request.catch(() => undefined);
          throw cause;
        }
        throw new UnavailableError(`no reply on ${subject} within ${timeout} ms (${(cause as Error).message}); is the service running and connected to ${nc.getServer()}?`, { cause });
      } finally {
        stopWatching();
      }
    });
    const unwrapped = unwrap(reply.data);
    if (unwrapped.error) throw toError(subject, unwrapped.error.name, unwrapped.error.message);
    return unwrapped.message as T;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
