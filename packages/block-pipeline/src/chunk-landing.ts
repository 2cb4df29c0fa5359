import type { ChunkFrame, SessionParams } from './frames';
import { sha256 } from './hashing';
import { FrameOpener } from './receiver-session';
import { TargetWriter } from './target-writer';

/** What landing a frame yields: the receiver's own hash of the plaintext, and whether it was a zero range. */
export interface Landed {
  sha256: Buffer;
  zero: boolean;
}

/**
 * Opens frames of one session (tag, plaintext, SHA-256) and writes the verified plaintext to the
 * target through its own TargetWriter: each chunk is restored into one of the writer's page-aligned
 * buffers and written from there, so on a worker thread the plaintext never reaches the main thread
 * and no per-chunk buffer is made. Writes of one chunk index run in the order their frames came.
 * Making the writes durable (fdatasync on any descriptor of the file) and recording them stays with
 * the caller, which acknowledges only after that.
 */
export class ChunkLanding {
  private readonly opener: FrameOpener;
  private readonly writer: TargetWriter;
  /** The last write of each chunk index still in flight. */
  private readonly writes = new Map<number, Promise<void>>();

  constructor(key: Buffer, params: SessionParams, targetPath: string) {
    this.opener = new FrameOpener(key, params);
    this.writer = new TargetWriter(targetPath);
  }

  /**
   * Verifies `frame` and writes it; a zero range is written only when `writeZeros` (the target may hold older data there).
   * `chunk`: the frame carries only a span of this chunk; once written, the whole chunk is read back and its hash returned.
   */
  async land(frame: ChunkFrame, writeZeros: boolean, chunk?: { offset: number; length: number }): Promise<Landed> {
    const buffer = await this.writer.acquire(frame.length);
    try {
      const verified = this.opener.open(frame, buffer);
      if (verified.zero && !writeZeros) return { sha256: verified.sha256, zero: true };
      // A zero range was restored as zeros into the buffer too.
      await this.inOrder(frame.index, () => this.writer.write(verified.plaintext, verified.offset));
      if (chunk !== undefined) return { sha256: sha256(await this.writer.read(chunk.offset, chunk.length)), zero: false };
      return { sha256: verified.sha256, zero: verified.zero };
    } finally {
      this.writer.release(buffer);
    }
  }

  private async inOrder(index: number, write: () => Promise<void>): Promise<void> {
    const previous = this.writes.get(index);
    const next = previous === undefined ? write() : previous.catch(() => undefined).then(write);
    this.writes.set(index, next);
    try {
      await next;
    } finally {
      if (this.writes.get(index) === next) this.writes.delete(index);
    }
  }

  /** Closes the target once the writes in flight have settled. */
  async close(): Promise<void> {
    await Promise.all([...this.writes.values()].map((write) => write.catch(() => undefined)));
    this.writer.close();
  }
}
