import { closeSync, openSync, writeSync } from 'node:fs';
import type { ChunkFrame, SessionParams } from './frames';
import { FrameOpener } from './receiver-session';

/** What landing a frame yields: the receiver's own hash of the plaintext, and whether it was a zero range. */
export interface Landed {
  sha256: Buffer;
  zero: boolean;
}

/**
 * Opens frames of one session (tag, plaintext, SHA-256) and writes the verified plaintext to the
 * target through its own file descriptor, with plain pwrite(2): on a worker thread the plaintext
 * never reaches the main thread. Making the writes durable (fdatasync on any descriptor of the
 * file) and recording them stays with the caller, which acknowledges only after that.
 */
export class ChunkLanding {
  private readonly opener: FrameOpener;
  private fd: number | undefined;
  private zeros = Buffer.alloc(0);

  constructor(key: Buffer, params: SessionParams, targetPath: string) {
    this.opener = new FrameOpener(key, params);
    this.fd = openSync(targetPath, 'r+');
  }

  /** Verifies `frame` and writes it; a zero range is written only when `writeZeros` (the target may hold older data there). */
  land(frame: ChunkFrame, writeZeros: boolean): Landed {
    const verified = this.opener.open(frame);
    if (this.fd === undefined) throw new Error(`target of chunk ${frame.index} is already closed; the session ended`);
    let data = verified.plaintext;
    if (verified.zero) {
      if (!writeZeros) return { sha256: verified.sha256, zero: true };
      if (this.zeros.length < verified.length) this.zeros = Buffer.alloc(verified.length);
      data = this.zeros.subarray(0, verified.length);
    }
    let done = 0;
    while (done < verified.length) done += writeSync(this.fd, data, done, verified.length - done, verified.offset + done);
    return { sha256: verified.sha256, zero: verified.zero };
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
