/** Indexes below it are bits (at most 4 MiB of them); a larger one, which only a damaged log could hold for a disk of 1 MiB chunks under 32 TiB, goes into a Set. */
const BITMAP_LIMIT = 2 ** 25;

/**
 * Distinct chunk indexes, one bit each: a sent-log's "chunks sent" of a 2 TiB disk (2 million chunks) in
 * 256 KiB, filled in milliseconds, where a Set of numbers took tens of MB and most of a second. The bitmap
 * grows with the largest index up to BITMAP_LIMIT, so one wild index cannot make it hundreds of MB.
 */
export class ChunkIndexSet {
  private bits = new Uint8Array(0);
  private readonly beyond = new Set<number>();
  private counted = 0;

  /** How many distinct indexes were added. */
  get size(): number {
    return this.counted + this.beyond.size;
  }

  add(index: number): void {
    if (index >= BITMAP_LIMIT) {
      this.beyond.add(index);
      return;
    }
    const byte = index >>> 3;
    if (byte >= this.bits.length) this.grow(byte + 1);
    const mask = 1 << (index & 7);
    if ((this.bits[byte]! & mask) !== 0) return;
    this.bits[byte]! |= mask;
    this.counted++;
  }

  has(index: number): boolean {
    if (index >= BITMAP_LIMIT) return this.beyond.has(index);
    const byte = index >>> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (index & 7))) !== 0;
  }

  private grow(bytes: number): void {
    const grown = new Uint8Array(Math.min(BITMAP_LIMIT / 8, Math.max(bytes, this.bits.length * 2, 64)));
    grown.set(this.bits);
    this.bits = grown;
  }
}
