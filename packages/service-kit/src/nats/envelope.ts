import { ferry } from '@ferry/proto';
import { FerryError, ValidationError } from '@ferry/errors';
import { encodeMessage, lookupType } from '../proto/registry';
import { traceparentOf } from '../telemetry/propagation';
import { redact } from '../secrets/redaction';

/** What travels inside an Envelope once decoded. */
export interface Unwrapped {
  readonly typeName: string;
  readonly message: unknown;
  readonly id: string;
  readonly traceparent: string;
  readonly tracestate: string;
  readonly error?: { name: string; message: string };
  readonly disposed: boolean;
}

/** Wraps a generated message in a ferry.common.v1.Envelope, with the active trace context. */
export function wrap(message: unknown, extra: { id?: string; disposed?: boolean } = {}): Uint8Array {
  const { typeName, bytes } = encodeMessage(message);
  return ferry.common.v1.Envelope.encode({
    typeName,
    payload: bytes,
    trace: traceparentOf(),
    id: extra.id ?? '',
    disposed: extra.disposed ?? false,
  }).finish();
}

/** An envelope that carries an error instead of a payload (replies only). */
export function wrapError(error: unknown, id = ''): Uint8Array {
  const { name, message } = describeError(error);
  return ferry.common.v1.Envelope.encode({ error: { name, message: redact(message) }, trace: traceparentOf(), id, disposed: true }).finish();
}

/** Decodes an envelope and its payload; a payload of an unknown type is a ValidationError naming it. */
export function unwrap(bytes: Uint8Array): Unwrapped {
  let envelope: ferry.common.v1.Envelope;
  try {
    envelope = ferry.common.v1.Envelope.decode(bytes);
  } catch (cause) {
    throw new ValidationError('envelope', `a ${bytes.length}-byte message is not a ferry.common.v1.Envelope: ${(cause as Error).message}; send messages with natsRequest() from @ferry/service-kit`, { cause });
  }
  const base = {
    id: envelope.id,
    traceparent: envelope.trace?.traceparent ?? '',
    tracestate: envelope.trace?.tracestate ?? '',
    disposed: envelope.disposed,
  };
  if (envelope.error) return { ...base, typeName: '', message: undefined, error: { name: envelope.error.name ?? 'Error', message: envelope.error.message ?? '' } };
  return { ...base, typeName: envelope.typeName, message: lookupType(envelope.typeName).decode(envelope.payload) };
}

/** Name and message of anything thrown (Ferry errors keep their class name; RPC error objects their fields). */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof FerryError || error instanceof Error) return { name: error.name, message: error.message };
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown };
    return { name: typeof e.name === 'string' ? e.name : 'Error', message: typeof e.message === 'string' ? e.message : JSON.stringify(error) };
  }
  return { name: 'Error', message: String(error) };
}
