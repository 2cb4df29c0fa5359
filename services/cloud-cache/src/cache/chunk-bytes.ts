/** Byte helpers of the cache volume: zero detection and copying a fetched chunk into a read buffer. */

/** Copies `len` bytes of `chunk` from `from` into `out` at `at`, zero-filling what the chunk lacks (a short last chunk). */
export function copyPadded(chunk: Buffer, out: Buffer, at: number, from: number, len: number): void {
  const copied = chunk.copy(out, at, from, Math.min(chunk.length, from + len));
  if (copied < len) out.fill(0, at + copied, at + len);
}

/** A chunk of all zero bytes is marked, not stored. */
const ZERO_PAGE = Buffer.alloc(64 * 1024);
export function isZero(buf: Buffer): boolean {
  for (let at = 0; at < buf.length; at += ZERO_PAGE.length) {
    const piece = buf.subarray(at, Math.min(buf.length, at + ZERO_PAGE.length));
    if (!piece.equals(ZERO_PAGE.subarray(0, piece.length))) return false;
  }
  return true;
}
