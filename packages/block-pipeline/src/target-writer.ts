import { closeSync, constants, openSync, writeSync } from 'node:fs';

/** Offsets and lengths of direct writes are multiples of this (covers 512-byte and 4 KiB sector devices). */
const DIRECT_ALIGNMENT = 4096;
const WASM_PAGE = 65536;
// The global exists in Node; this project's TypeScript libs do not declare it.
declare const WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer } };

/**
 * Writes chunks to a target file. Aligned chunks go through a second descriptor opened with
 * O_DIRECT from one page-aligned scratch buffer: the kernel then moves them to the device without
 * copying them into fresh page-cache pages, which cost the receiver more CPU than verifying them,
 * and a multi-GiB disk does not evict everything else from the cache. Unaligned tails, and every
 * write on a file system that refuses O_DIRECT (tmpfs), use the buffered descriptor. Durability
 * stays with the caller's fdatasync, which covers both descriptors of the file.
 */
export class TargetWriter {
  private fd: number | undefined;
  private directFd: number | undefined;
  private scratchBuffer: Buffer | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r+');
    try {
      this.directFd = openSync(path, constants.O_RDWR | constants.O_DIRECT);
    } catch {
      this.directFd = undefined;
    }
  }

  /**
   * A reused page-aligned buffer of at least `length` bytes: a chunk restored into it is written
   * directly. WebAssembly memories are the one page-aligned allocation JavaScript can make.
   */
  scratch(length: number): Buffer {
    if (this.scratchBuffer === undefined || this.scratchBuffer.length < length) {
      const pages = Math.max(1, Math.ceil(length / WASM_PAGE));
      this.scratchBuffer = Buffer.from(new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer);
    }
    return this.scratchBuffer;
  }

  /** Writes `data` (all of it) at `offset`. */
  write(data: Buffer, offset: number): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`target ${this.path} is already closed; the session ended`);
    if (this.directFd !== undefined && this.isAligned(data, offset)) {
      try {
        this.writeAll(this.directFd, data, offset);
        return;
      } catch (error) {
        // EINVAL: this file system or device wants another alignment; buffered writes always work.
        if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
        closeSync(this.directFd);
        this.directFd = undefined;
      }
    }
    this.writeAll(fd, data, offset);
  }

  private isAligned(data: Buffer, offset: number): boolean {
    const scratch = this.scratchBuffer;
    return scratch !== undefined && data.buffer === scratch.buffer && data.byteOffset % DIRECT_ALIGNMENT === 0 && data.length % DIRECT_ALIGNMENT === 0 && offset % DIRECT_ALIGNMENT === 0;
  }

  private writeAll(fd: number, data: Buffer, offset: number): void {
    let done = 0;
    while (done < data.length) done += writeSync(fd, data, done, data.length - done, offset + done);
  }

  close(): void {
    for (const fd of [this.fd, this.directFd]) if (fd !== undefined) closeSync(fd);
    this.fd = undefined;
    this.directFd = undefined;
  }
}
