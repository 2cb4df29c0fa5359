import { createHash } from 'node:crypto';

/** The fields of one event that its hash covers: everything but the hash itself. */
export interface HashedFields {
  type: string;
  actor: string;
  commandId: string;
  traceId: string;
  occurredAtUnixMillis: number;
  aggregate: string;
  id: string;
  prevHash: Uint8Array;
  payload: Uint8Array;
}

/** Bumped only together with a migration of stored hashes; part of every hashed input. */
const DOMAIN = 'ferry.event.v1';

/**
 * The canonical byte string an event's hash is taken over. Each field is a 4-byte big-endian
 * length followed by its bytes, in a fixed order, so no two different events share an encoding
 * and the hash does not depend on how protobuf happens to serialise the record.
 */
export function canonicalEncoding(fields: HashedFields): Buffer {
  const parts: Uint8Array[] = [
    Buffer.from(DOMAIN),
    Buffer.from(fields.type),
    Buffer.from(fields.actor),
    Buffer.from(fields.commandId),
    Buffer.from(fields.traceId),
    Buffer.from(String(fields.occurredAtUnixMillis)),
    Buffer.from(fields.aggregate),
    Buffer.from(fields.id),
    fields.prevHash,
    fields.payload,
  ];
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.length);
    chunks.push(length, part);
  }
  return Buffer.concat(chunks);
}

/** SHA-256 of the canonical encoding: the event's own hash, and its successor's prev hash. */
export function hashEvent(fields: HashedFields): Buffer {
  return createHash('sha256').update(canonicalEncoding(fields)).digest();
}

/** Short hex form for messages: the first 12 hex digits, or "(none)" for the empty hash of a first event. */
export function shortHash(hash: Uint8Array): string {
  return hash.length === 0 ? '(none)' : Buffer.from(hash).toString('hex').slice(0, 12);
}

export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}
