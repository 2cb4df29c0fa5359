// A request body that is not a valid encoding of its message (cut short, a bad wire type). grpc-js
// answers a deserializer that throws with INTERNAL, as if the server were at fault, and protobufjs's
// Buffer reader does not even throw for a string that runs past the end: it cuts the string short, so
// `0a 05 41` decodes as "A". A server's requests are therefore decoded strictly, and a body that does
// not decode becomes a MalformedRequest that unary()/serverStream() answer INVALID_ARGUMENT.
import { ValidationError } from '@ferry/errors';
import type { MessageType } from '../proto/registry';

/** What a server's deserializer hands on instead of a request it could not decode. */
export class MalformedRequest {
  constructor(
    readonly typeName: string,
    readonly byteLength: number,
    readonly reason: string,
  ) {}

  /** The refusal the client gets: INVALID_ARGUMENT naming the message and what was wrong with it. */
  toError(): ValidationError {
    return new ValidationError(
      'request',
      `the ${this.byteLength}-byte body is not a valid ${this.typeName} (${this.reason}); send the complete protobuf encoding of the message`,
    );
  }
}

/**
 * Decodes a request body, or returns a MalformedRequest saying why it could not. The body is read
 * through a plain Uint8Array view (no copy): protobufjs's plain reader checks every length against
 * the end of the body, where its Buffer reader cuts strings short.
 */
export function decodeRequest<T>(type: MessageType<T>, typeName: string, body: Uint8Array): T | MalformedRequest {
  try {
    return type.decode(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  } catch (error) {
    return new MalformedRequest(typeName, body.byteLength, error instanceof Error ? error.message : String(error));
  }
}
