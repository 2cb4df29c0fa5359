/** Indexes below it are bits (at most 4 MiB of them); a larger one, which only a damaged log could hold for a disk of 1 MiB chunks under 32 TiB, goes into a Set. */
const BITMAP_LIMIT = 2 ** 25;

/**
 * Distinct chunk indexes, one bit each: the chunks a transfer has sent, from its sent-log (JobStore's counts,
 * the queue's SentChunks). A 2 TiB disk's 2 million chunks take 256 KiB and fill in milliseconds, where a Set of
 * numbers took tens of MB and most of a second, and listing them in order needs no sort. The bitmap grows with
 * the largest index up to BITMAP_LIMIT, so one wild index cannot make it hundreds of MB.
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

  /** The indexes in ascending order, as runs of consecutive ones: [first, last]. */
  *runs(): Generator<[number, number]> {
    let first = -1;
    let last = -2;
    for (const index of this.ascending()) {
      if (index === last + 1) {
        last = index;
        continue;
      }
      if (first >= 0) yield [first, last];
      first = last = index;
    }
    if (first >= 0) yield [first, last];
  }

  private *ascending(): Generator<number> {
    for (let byte = 0; byte < this.bits.length; byte++) {
      const bits = this.bits[byte]!;
      if (bits === 0) continue;
      for (let bit = 0; bit < 8; bit++) if ((bits & (1 << bit)) !== 0) yield byte * 8 + bit;
    }
    yield* [...this.beyond].sort((a, b) => a - b);
  }

  private grow(bytes: number): void {
    const grown = new Uint8Array(Math.min(BITMAP_LIMIT / 8, Math.max(bytes, this.bits.length * 2, 64)));
    grown.set(this.bits);
    this.bits = grown;
  }
}
