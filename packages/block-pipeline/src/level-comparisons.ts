/** One chunk's size at one level: the bytes it took, or would have taken, on the way out. */
export interface SizedAt {
  level: number;
  payloadBytes: number;
}

interface Sample {
  /** The chunk's place in the stream (chunks observed before it). */
  at: number;
  cheaper: number;
  costlier: number;
}

/**
 * Same-chunk comparisons of two levels: a chunk sealed at one level and compressed at another only to be measured
 * gives both sizes of the same bytes. A window's ratio swings by half along a disk (binaries, text, logs), so levels
 * compared on different chunks differ by the data more than by the level; on the same chunks only the level differs.
 * Kept per pair of levels, for the last `keepChunks` chunks of the stream: the data changes along a disk, and what
 * a level bought on the binaries says nothing about the logs after them.
 */
export class LevelComparisons {
  private readonly pairs = new Map<string, Sample[]>();

  /** @param order a level's place on the ladder, cheapest first. */
  constructor(
    private readonly order: (level: number) => number,
    private readonly keepChunks: number,
  ) {}

  /** Records the chunk at place `at` in the stream, sealed at one level and sampled at another. */
  add(at: number, sealed: SizedAt, sampled: SizedAt): void {
    if (sealed.level === sampled.level) return;
    const [cheaper, costlier] = this.order(sealed.level) < this.order(sampled.level) ? [sealed, sampled] : [sampled, sealed];
    const key = `${cheaper.level}/${costlier.level}`;
    const samples = this.pairs.get(key) ?? [];
    samples.push({ at, cheaper: cheaper.payloadBytes, costlier: costlier.payloadBytes });
    this.pairs.set(key, samples);
  }

  /**
   * How much smaller `costlier`'s chunks are than `cheaper`'s (1 − costlier/cheaper, over the recent samples' bytes),
   * as of place `now` in the stream; undefined with fewer than `needed` recent samples.
   */
  shrink(cheaper: number, costlier: number, now: number, needed: number): number | undefined {
    const key = `${cheaper}/${costlier}`;
    const recent = (this.pairs.get(key) ?? []).filter((sample) => now - sample.at <= this.keepChunks);
    this.pairs.set(key, recent);
    if (recent.length < needed) return undefined;
    const cheaperBytes = recent.reduce((sum, sample) => sum + sample.cheaper, 0);
    const costlierBytes = recent.reduce((sum, sample) => sum + sample.costlier, 0);
    return cheaperBytes > 0 ? 1 - costlierBytes / cheaperBytes : 0;
  }
}
