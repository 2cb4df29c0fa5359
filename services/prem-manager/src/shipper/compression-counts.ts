import { levelName } from '@ferry/block-pipeline';

/**
 * What the data chunks sent were compressed at and into: the level of the last one, chunks per level,
 * and plaintext against payload bytes (the ratio). The source chooses the level of each chunk and says
 * which in SourceChunk.compression_level; the payload is the frame's ciphertext (AES-GCM adds no bytes).
 */
export class CompressionTally {
  /** The level of the last data chunk sent; undefined before the first. */
  level: number | undefined;
  sourceBytes = 0;
  payloadBytes = 0;
  readonly chunksPerLevel = new Map<number, number>();

  record(level: number, sourceBytes: number, payloadBytes: number): void {
    this.level = level;
    this.sourceBytes += sourceBytes;
    this.payloadBytes += payloadBytes;
    this.chunksPerLevel.set(level, (this.chunksPerLevel.get(level) ?? 0) + 1);
  }

  /** A tally of its own with the same counts. */
  copy(): CompressionTally {
    const copy = new CompressionTally();
    copy.level = this.level;
    copy.sourceBytes = this.sourceBytes;
    copy.payloadBytes = this.payloadBytes;
    for (const [level, chunks] of this.chunksPerLevel) copy.chunksPerLevel.set(level, chunks);
    return copy;
  }

  /** Plaintext bytes per payload byte; 0 before the first data chunk. */
  get ratio(): number {
    return this.payloadBytes === 0 ? 0 : this.sourceBytes / this.payloadBytes;
  }

  /** Chunks per level, lowest level first. */
  levels(): Array<{ level: number; chunks: number }> {
    return [...this.chunksPerLevel].sort(([a], [b]) => a - b).map(([level, chunks]) => ({ level, chunks }));
  }

  /** For a session's log line, e.g. "levels 1×40 3×200, ratio 2.71". */
  describe(): string {
    const levels = this.levels().map(({ level, chunks }) => `${levelName(level)}×${chunks}`).join(' ');
    return `levels ${levels === '' ? '-' : levels}, ratio ${this.ratio.toFixed(2)}`;
  }
}
