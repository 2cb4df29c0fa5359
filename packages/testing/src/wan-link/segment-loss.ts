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

/**
 * Which bytes of one direction of a connection the link loses: each 1448-byte segment independently
 * with probability `rate`, drawn as geometric gaps from a seeded generator. The same seed gives the
 * same losses at the same byte offsets, whichever program sends the bytes.
 */
export class SegmentLoss {
  private readonly random: () => number;
  /** Bytes still to pass before the next lost segment (Infinity without loss). */
  private untilNext: number;
  losses = 0;

  constructor(private readonly rate: number, seed: number) {
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
      this.untilNext = this.nextGap();
    }
    this.untilNext -= left;
    this.losses += lost;
    return lost;
  }
}
