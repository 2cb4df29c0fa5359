import { createHash } from 'node:crypto';

/** SHA-256 of a chunk's plaintext. */
export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

const zeroHashes = new Map<number, Buffer>();
let zeroBuffer = Buffer.alloc(0);

/** SHA-256 of `length` zero bytes, cached: zero chunks are never read or hashed twice. */
export function zeroChunkHash(length: number): Buffer {
  let hash = zeroHashes.get(length);
  if (hash === undefined) {
    hash = sha256(Buffer.alloc(length));
    zeroHashes.set(length, hash);
  }
  return hash;
}

/** True when every byte is zero (memcmp against a shared zero buffer, no per-byte loop in JS). */
export function isAllZero(data: Buffer): boolean {
  if (zeroBuffer.length < data.length) zeroBuffer = Buffer.alloc(data.length);
  return data.equals(zeroBuffer.subarray(0, data.length));
}

/**
 * Whole-disk digest: SHA-256 over the chunk hashes in index order, with the chunk size and
 * virtual size in front so two disks of different geometry never share a digest. Sender and
 * receiver compute it independently, each from hashes it made itself.
 */
export function diskDigest(virtualSize: number, chunkSize: number, chunkHashes: Iterable<Uint8Array>): Buffer {
  const hash = createHash('sha256');
  const header = Buffer.alloc(16);
  header.writeBigUInt64BE(BigInt(virtualSize), 0);
  header.writeBigUInt64BE(BigInt(chunkSize), 8);
  hash.update('ferry/v1/disk-digest').update(header);
  for (const chunkHash of chunkHashes) hash.update(chunkHash);
  return hash.digest();
}
