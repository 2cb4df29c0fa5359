// A generic protobuf codec for decider events whose data mirrors a generated message field by field,
// with `meta.at` (unix ms) carried as the message's ferry.common.v1.Timestamp.
import { IntegrityError } from '@ferry/errors';
import type { EventCodec } from '@ferry/event-store';

/** The static side of a protobufjs generated message class that the codec needs. */
export interface GeneratedMessage {
  fromObject(object: Record<string, unknown>): unknown;
  encode(message: never): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  toObject(message: never, options: Record<string, unknown>): Record<string, unknown>;
}

type AnyEvent = { type: string; data: { meta: { at: number } } };

const TO_OBJECT = { longs: Number, enums: Number, defaults: true, arrays: true } as const;

/**
 * Builds a codec from a table of event type → generated message and the meta fields to keep.
 * Decoding returns exactly the fields the domain type has, so encode ∘ decode is the identity
 * (the unit tests check it for every event).
 */
export function protoEventCodec<Event extends AnyEvent>(messages: Readonly<Record<Event['type'], GeneratedMessage>>, metaFields: readonly string[], context: string): EventCodec<Event> {
  const messageOf = (type: string): GeneratedMessage => {
    const message = (messages as Record<string, GeneratedMessage | undefined>)[type];
    if (!message) throw new IntegrityError(`${context}: unknown event type "${type}"; this appliance knows ${Object.keys(messages).join(', ')}`);
    return message;
  };
  return {
    encode(event) {
      const message = messageOf(event.type);
      const { meta, ...rest } = event.data;
      const object: Record<string, unknown> = { ...rest, meta: { ...meta, at: { unixMillis: meta.at } } };
      return { type: event.type, payload: message.encode(message.fromObject(object) as never).finish() };
    },
    decode(type, payload) {
      const message = messageOf(type);
      const object = message.toObject(message.decode(payload) as never, TO_OBJECT);
      const storedMeta = (object['meta'] ?? {}) as Record<string, unknown>;
      const meta: Record<string, unknown> = {};
      for (const field of metaFields) meta[field] = storedMeta[field];
      meta['at'] = (storedMeta['at'] as { unixMillis?: number } | null)?.unixMillis ?? 0;
      // The generated toObject is untyped; the table ties each type name to its message, and the
      // round-trip test proves the shapes agree.
      return { type, data: { ...object, meta } } as unknown as Event;
    },
  };
}
