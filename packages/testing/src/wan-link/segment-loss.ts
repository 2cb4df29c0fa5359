import { SEGMENT_BYTES } from './link-profiles';

/** mulberry32: a small seeded generator, so every run and every peer sees the same losses. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of the `nth` connection's loss pattern in one direction: `base` for the first, then one of its own each. */
export function lossSeed(base: number, nth: number): number {
  return (base + Math.imul(nth, 0x9e3779b1)) >>> 0;
}

/** How many lost segments' offsets a SegmentLoss keeps by default: enough to tell two patterns apart. */
export const LOSS_OFFSETS_KEPT = 20;

/**
 * Which bytes of one direction of a connection the link loses: each 1448-byte segment independently
 * with probability `rate`, drawn as geometric gaps from a seeded generator. The same seed gives the
 * same losses at the same byte offsets, whichever program sends the bytes.
 */
export class SegmentLoss {
  private readonly random: () => number;
  /** Bytes still to pass before the next lost segment (Infinity without loss). */
  private untilNext: number;
  /** Bytes that have passed so far. */
  private passed = 0;
  losses = 0;
  /**
   * The stream offset of each of the first `offsetsKept` lost segments' first byte, so a test can
   * see which pattern a connection drew (the count alone does not tell two seeds apart).
   */
  readonly lossOffsets: number[] = [];

  constructor(private readonly rate: number, seed: number, private readonly offsetsKept = LOSS_OFFSETS_KEPT) {
    this.random = generator(seed);
    this.untilNext = this.nextGap();
  }

  private nextGap(): number {
    if (this.rate <= 0) return Infinity;
    // Segments before the next loss: geometric with success probability `rate`.
    const segments = Math.floor(Math.log(1 - this.random()) / Math.log(1 - this.rate));
    return (segments + 1) * SEGMENT_BYTES;
  }

  /** How many segments are lost among the next `bytes` bytes. */
  lostIn(bytes: number): number {
    let lost = 0;
    let left = bytes;
    while (left >= this.untilNext) {
      left -= this.untilNext;
      lost++;
      // The lost segment is the last SEGMENT_BYTES before this point of the stream.
      if (this.lossOffsets.length < this.offsetsKept) this.lossOffsets.push(this.passed + bytes - left - SEGMENT_BYTES);
      this.untilNext = this.nextGap();
    }
    this.untilNext -= left;
    this.passed += bytes;
    this.losses += lost;
    return lost;
  }
}
