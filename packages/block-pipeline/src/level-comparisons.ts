/** One chunk compressed at one level: the bytes it took, or would have taken, on the way out, and the ms compressing it took. */
export interface SizedAt {
  level: number;
  payloadBytes: number;
  compressMs: number;
}

/** Two levels on the same chunks, per chunk on average: how much smaller the costlier makes them, and at what cost. */
export interface LevelComparison {
  /** 1 − costlier/cheaper bytes: below zero where the costlier level makes them larger. */
  shrink: number;
  savedBytes: number;
  extraMs: number;
}

interface Sample {
  /** The chunk's place in the stream (chunks observed before it). */
  at: number;
  cheaper: SizedAt;
  costlier: SizedAt;
}

/**
 * Same-chunk comparisons of two levels: a chunk sealed at one level and compressed at another only to be measured
 * gives both sizes, and both times, of the same bytes. A window's ratio swings by half along a disk (binaries, text,
 * logs), so levels compared on different chunks differ by the data more than by the level; on the same chunks only
 * the level differs. Kept per pair of levels, for the last `keepChunks` chunks of the stream: the data changes along
 * a disk, and what a level bought on the binaries says nothing about the logs after them.
 */
export class LevelComparisons {
  private readonly pairs = new Map<string, Sample[]>();

  /** @param order a level's place on the ladder, cheapest first. */
  constructor(
    private readonly order: (level: number) => number,
    private readonly keepChunks: number,
  ) {}

  /** Records the chunk at place `at` in the stream, sealed at one level and sampled at another; forgets the pair's old samples. */
  add(at: number, sealed: SizedAt, sampled: SizedAt): void {
    if (sealed.level === sampled.level) return;
    const [cheaper, costlier] = this.order(sealed.level) < this.order(sampled.level) ? [sealed, sampled] : [sampled, sealed];
    const samples = this.recent(`${cheaper.level}/${costlier.level}`, at);
    samples.push({ at, cheaper, costlier });
  }

  /** `cheaper` against `costlier` over the samples no older than keepChunks as of place `now`; undefined with fewer than `needed`. */
  compare(cheaper: number, costlier: number, now: number, needed: number): LevelComparison | undefined {
    const recent = this.recent(`${cheaper}/${costlier}`, now);
    if (recent.length < needed) return undefined;
    const sum = (of: (sample: Sample) => number): number => recent.reduce((total, sample) => total + of(sample), 0);
    const cheaperBytes = sum((sample) => sample.cheaper.payloadBytes);
    const costlierBytes = sum((sample) => sample.costlier.payloadBytes);
    return {
      shrink: cheaperBytes > 0 ? 1 - costlierBytes / cheaperBytes : 0,
      savedBytes: (cheaperBytes - costlierBytes) / recent.length,
      extraMs: sum((sample) => sample.costlier.compressMs - sample.cheaper.compressMs) / recent.length,
    };
  }

  /** The pair's samples no older than keepChunks as of place `now`, the older ones dropped. */
  private recent(key: string, now: number): Sample[] {
    const recent = (this.pairs.get(key) ?? []).filter((sample) => now - sample.at <= this.keepChunks);
    this.pairs.set(key, recent);
    return recent;
  }
}
