// What one transfer has put on its target, chunk by chunk: the counts GetTransfer reports and the
// offset below which everything is on the target. Pure; TallyFiles persists it.
import { chunkCount } from '@ferry/block-pipeline';

/** Where one chunk stands in its transfer's generation. */
export enum ChunkFate {
  /** To be sent (or sent and not yet acknowledged). */
  Pending = 0,
  /** Acknowledged by the receiver: written, fsynced, its hash verified. */
  Verified = 1,
  /** Acknowledged, sent as a zero range (no payload). */
  VerifiedZero = 2,
  /** Not sent: a first full copy's zero chunk, which a fresh target already reads as zeros. */
  ZeroSkipped = 3,
  /** Not sent: a delta found it unchanged since the previous generation. */
  Unchanged = 4,
}

/** The counts of a transfer (GetTransfer's fields 20-28, and wire_bytes). */
export interface TallyCounts {
  readonly chunksVerified: number;
  readonly bytesVerified: number;
  readonly zeroChunks: number;
  readonly zeroBytes: number;
  readonly chunksUnchanged: number;
  readonly bytesUnchanged: number;
  readonly sourceBytesRead: number;
  readonly wireBytes: number;
  /** Everything below it is on the target. */
  readonly verifiedOffset: number;
  readonly virtualSize: number;
}

/**
 * Counts kept as chunks change fate (a status poll of a 1 TiB disk reads them without a scan), and
 * the first chunk not yet on the target, which only moves forward between two session plans.
 */
export class TransferTally {
  private fates: Uint8Array;
  private readonly chunksOf = new Array<number>(5).fill(0);
  private readonly bytesOf = new Array<number>(5).fill(0);
  /** No chunk below it is Pending. */
  private firstPending = 0;
  private sourceBytes = 0;
  private wire = 0;

  constructor(
    private virtualSize: number,
    private readonly chunkSize: number,
  ) {
    this.fates = new Uint8Array(0);
    this.resize(virtualSize);
  }

  /** The disk's size, once a session described the source (a tally made before knew none). */
  resize(virtualSize: number): void {
    if (virtualSize === this.virtualSize && this.fates.length > 0) return;
    const previous = this.fates;
    this.virtualSize = virtualSize;
    this.fates = new Uint8Array(virtualSize > 0 ? chunkCount(virtualSize, this.chunkSize) : 0);
    this.chunksOf.fill(0);
    this.bytesOf.fill(0);
    this.firstPending = 0;
    for (let index = 0; index < this.fates.length; index++) this.count(index, (previous[index] ?? ChunkFate.Pending) as ChunkFate, 1);
    this.fates.set(previous.subarray(0, this.fates.length));
  }

  /**
   * A session's plan: each chunk's fate before sending (Pending, ZeroSkipped or Unchanged). Chunks
   * already verified stay verified; the previous session's plan is replaced.
   */
  plan(planned: Uint8Array): void {
    for (let index = 0; index < this.fates.length; index++) {
      if (!this.isVerified(index)) this.set(index, (planned[index] ?? ChunkFate.Pending) as ChunkFate);
    }
    this.firstPending = 0;
  }

  verified(index: number, zero: boolean): void {
    if (index < this.fates.length) this.set(index, zero ? ChunkFate.VerifiedZero : ChunkFate.Verified);
  }

  isVerified(index: number): boolean {
    const fate = this.fates[index];
    return fate === ChunkFate.Verified || fate === ChunkFate.VerifiedZero;
  }

  sent(sourceBytes: number, wireBytes: number): void {
    this.sourceBytes += sourceBytes;
    this.wire += wireBytes;
  }

  counts(): TallyCounts {
    while (this.firstPending < this.fates.length && this.fates[this.firstPending] !== ChunkFate.Pending) this.firstPending++;
    const { chunksOf: chunks, bytesOf: bytes } = this;
    return {
      chunksVerified: chunks[ChunkFate.Verified]!,
      bytesVerified: bytes[ChunkFate.Verified]!,
      zeroChunks: chunks[ChunkFate.VerifiedZero]! + chunks[ChunkFate.ZeroSkipped]!,
      zeroBytes: bytes[ChunkFate.VerifiedZero]! + bytes[ChunkFate.ZeroSkipped]!,
      chunksUnchanged: chunks[ChunkFate.Unchanged]!,
      bytesUnchanged: bytes[ChunkFate.Unchanged]!,
      sourceBytesRead: this.sourceBytes,
      wireBytes: this.wire,
      verifiedOffset: this.firstPending >= this.fates.length ? this.virtualSize : this.firstPending * this.chunkSize,
      virtualSize: this.virtualSize,
    };
  }

  private set(index: number, fate: ChunkFate): void {
    const before = (this.fates[index] ?? ChunkFate.Pending) as ChunkFate;
    if (before === fate) return;
    this.count(index, before, -1);
    this.count(index, fate, 1);
    this.fates[index] = fate;
    if (fate === ChunkFate.Pending && index < this.firstPending) this.firstPending = index;
  }

  private count(index: number, fate: ChunkFate, sign: 1 | -1): void {
    this.chunksOf[fate]! += sign;
    this.bytesOf[fate]! += sign * Math.min(this.chunkSize, this.virtualSize - index * this.chunkSize);
  }
}
