import type { ChunkFrame, SessionParams } from './frames';
import { FrameOpener } from './receiver-session';
import { TargetWriter } from './target-writer';

/** What landing a frame yields: the receiver's own hash of the plaintext, and whether it was a zero range. */
export interface Landed {
  sha256: Buffer;
  zero: boolean;
}

/**
 * Opens frames of one session (tag, plaintext, SHA-256) and writes the verified plaintext to the
 * target through its own TargetWriter: each chunk is restored into the writer's page-aligned
 * buffer and written from there, so on a worker thread the plaintext never reaches the main thread
 * and no per-chunk buffer is made. Making the writes durable (fdatasync on any descriptor of the
 * file) and recording them stays with the caller, which acknowledges only after that.
 */
export class ChunkLanding {
  private readonly opener: FrameOpener;
  private readonly writer: TargetWriter;

  constructor(key: Buffer, params: SessionParams, targetPath: string) {
    this.opener = new FrameOpener(key, params);
    this.writer = new TargetWriter(targetPath);
  }

  /** Verifies `frame` and writes it; a zero range is written only when `writeZeros` (the target may hold older data there). */
  land(frame: ChunkFrame, writeZeros: boolean): Landed {
    const verified = this.opener.open(frame, this.writer.scratch(frame.length));
    if (verified.zero) {
      if (!writeZeros) return { sha256: verified.sha256, zero: true };
      this.writer.write(this.writer.scratch(verified.length).subarray(0, verified.length).fill(0), verified.offset);
    } else {
      this.writer.write(verified.plaintext, verified.offset);
    }
    return { sha256: verified.sha256, zero: verified.zero };
  }

  close(): void {
    this.writer.close();
  }
}
