/** Unambiguous concatenation: every part is prefixed by its 4-byte length. */
export function lengthPrefixed(...parts: Array<string | Uint8Array>): Buffer {
  const buffers = parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part)));
  const out: Buffer[] = [];
  for (const buffer of buffers) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(buffer.length);
    out.push(length, buffer);
  }
  return Buffer.concat(out);
}

/** Who a stream belongs to; bound into every frame's associated data. */
export interface StreamIdentity {
  migrationId: string;
  diskId: string;
  generation: number;
}

/** The per-chunk fields the tag also covers (design §3), plus the encoding so it cannot be switched. */
export interface ChunkHeader {
  index: number;
  offset: number;
  length: number;
  encoding: number;
  plaintextSha256: Uint8Array;
}

function u64(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

/** Associated data of a chunk frame: {migration, disk, generation, index, offset, length, encoding, plaintext hash}. */
export function chunkAad(identity: StreamIdentity, header: ChunkHeader): Buffer {
  return lengthPrefixed(
    'ferry/v1/chunk',
    identity.migrationId,
    identity.diskId,
    u64(identity.generation),
    u64(header.index),
    u64(header.offset),
    u64(header.length),
    u64(header.encoding),
    header.plaintextSha256,
  );
}

/** Associated data of the final frame: it seals the frame count and the whole-disk digest. */
export function finalAad(identity: StreamIdentity, frames: number, diskDigest: Uint8Array): Buffer {
  return lengthPrefixed('ferry/v1/final', identity.migrationId, identity.diskId, u64(identity.generation), u64(frames), diskDigest);
}
