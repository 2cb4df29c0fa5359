import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ConcurrencyError, IllegalStateError, IntegrityError, NotFoundError, UnavailableError, ValidationError } from '@ferry/errors';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { injectNatsHeaders } from '../telemetry/propagation';
import { tracer } from '../telemetry/telemetry';
import { unwrap, wrap } from './envelope';

/** A reply that came back with an error: the remote error's class name is kept in `remoteName`. */
export class RemoteError extends Error {
  constructor(readonly subject: string, readonly remoteName: string, message: string) {
    super(`${subject}: ${remoteName}: ${message}`);
    this.name = 'RemoteError';
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
 * UnavailableError naming the subject.
 */
export async function natsRequest<T = unknown>(nc: NatsConnection, subject: string, message: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
  const timeout = options.timeoutMs ?? 5000;
  const span = tracer().startSpan(`${subject} send`, { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } });
  const ctx = trace.setSpan(context.active(), span);
  try {
    const reply = await context.with(ctx, async () => {
      try {
        return await nc.request(subject, wrap(message), { timeout, headers: injectNatsHeaders(natsHeaders(), ctx) });
      } catch (cause) {
        throw new UnavailableError(`no reply on ${subject} within ${timeout} ms (${(cause as Error).message}); is the service running and connected to ${nc.getServer()}?`, { cause });
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
