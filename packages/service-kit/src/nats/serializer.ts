import type { ConsumerDeserializer, IncomingEvent, IncomingRequest, Serializer } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { injectNatsHeaders } from '../telemetry/propagation';
import { unwrap, wrap, wrapError } from './envelope';

/** The packet NestJS hands a serializer when it replies to a request. */
interface OutgoingPacket {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/**
 * Replies as a protobuf Envelope; the trace context goes in NATS headers (for any NATS tool) and in the
 * envelope (for carriers without headers).
 */
export class ProtobufSerializer implements Serializer<OutgoingPacket, { data: Uint8Array; headers: ReturnType<typeof natsHeaders> }> {
  serialize(packet: OutgoingPacket): { data: Uint8Array; headers: ReturnType<typeof natsHeaders> } {
    const headers = injectNatsHeaders(natsHeaders());
    const id = packet.id ?? '';
    if (packet.err !== undefined && packet.err !== null) return { data: wrapError(packet.err, id), headers };
    return { data: wrap(packet.response, { id, disposed: packet.isDisposed ?? true }), headers };
  }
}

/**
 * Turns a NATS request's Envelope into the packet NestJS dispatches: the subject is the pattern, the
 * decoded protobuf message the data. A request without an id in the envelope but with a reply subject
 * still gets an id, so plain NATS clients get replies too.
 */
export class ProtobufDeserializer implements ConsumerDeserializer {
  deserialize(value: Uint8Array, options?: { channel?: string; replyTo?: string }): IncomingRequest | IncomingEvent {
    const unwrapped = unwrap(value);
    const pattern = options?.channel ?? '';
    const id = unwrapped.id || options?.replyTo;
    return id ? { pattern, data: unwrapped.message, id } : { pattern, data: unwrapped.message };
  }
}
