import { close, closeSync, constants, openSync, read, write } from 'node:fs';
import { promisify } from 'node:util';
import { returnAlignedBuffer, takeAlignedBuffer } from './aligned-buffers';

/** Offsets and lengths of direct writes are multiples of this (covers 512-byte and 4 KiB sector devices). */
const DIRECT_ALIGNMENT = 4096;
/** Page-aligned buffers per writer: chunks being restored plus writes in flight on the thread pool. */
const BUFFERS = 4;

const writeAsync = promisify(write);
const readAsync = promisify(read);

/**
 * Writes chunks to a target file. Chunks restored into the writer's page-aligned buffers go through
 * a second descriptor opened with O_DIRECT: the kernel then moves them to the device without copying
 * them into fresh page-cache pages, which cost the receiver more CPU than verifying them, and a
 * multi-GiB disk does not evict everything else from the cache. Writes run on the thread pool, so
 * the device's latency overlaps the verification of the next chunks. Unaligned tails, and every
 * write on a file system that refuses O_DIRECT (tmpfs), use the buffered descriptor. Durability
 * stays with the caller's fdatasync, which covers both descriptors of the file.
 */
export class TargetWriter {
  private fd: number | undefined;
  private directFd: number | undefined;
  private readonly free: Buffer[] = [];
  private readonly owned = new Set<ArrayBuffer>();
  private readonly waiting: Array<() => void> = [];

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r+');
    try {
      this.directFd = openSync(path, constants.O_RDWR | constants.O_DIRECT);
    } catch {
      this.directFd = undefined;
    }
  }

  /**
   * One of the writer's aligned buffers, of at least `length` bytes; waits while all are in use. Give it back with release().
   * The buffers come from the thread's spare ones (see aligned-buffers) and go back there when the writer closes.
   */
  async acquire(length: number): Promise<Buffer> {
    for (;;) {
      const fits = this.free.findIndex((b) => b.length >= length);
      if (fits >= 0) return this.free.splice(fits, 1)[0]!;
      // A longer chunk than the free buffers hold: one of them makes room for a longer one.
      const short = this.free.pop();
      if (short !== undefined) this.disown(short);
      if (this.owned.size < BUFFERS) {
        const buffer = takeAlignedBuffer(length);
        this.owned.add(buffer.buffer as ArrayBuffer);
        return buffer;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  release(buffer: Buffer): void {
    if (this.owned.has(buffer.buffer as ArrayBuffer)) {
      if (this.fd === undefined) this.disown(buffer);
      else this.free.push(buffer);
    }
    this.waiting.shift()?.();
  }

  /** Gives an owned buffer back to the thread's spare ones. */
  private disown(buffer: Buffer): void {
    this.owned.delete(buffer.buffer as ArrayBuffer);
    returnAlignedBuffer(buffer);
  }

  /** Writes `data` (all of it) at `offset`. */
  async write(data: Buffer, offset: number): Promise<void> {
    if (this.fd === undefined) throw new Error(`target ${this.path} is already closed; the session ended`);
    if (this.directFd !== undefined && this.isAligned(data, offset)) {
      try {
        await this.writeAll(this.directFd, data, offset);
        return;
      } catch (error) {
        // EINVAL: this file system or device wants another alignment; buffered writes always work.
        if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
        if (this.directFd !== undefined) close(this.directFd, () => undefined);
        this.directFd = undefined;
      }
    }
    await this.writeAll(this.fd, data, offset);
  }

  /** Reads `length` bytes at `offset` into a new buffer (bytes past the file's end read as zeros). */
  async read(offset: number, length: number): Promise<Buffer> {
    if (this.fd === undefined) throw new Error(`target ${this.path} is already closed; the session ended`);
    const out = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await readAsync(this.fd, out, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return out;
  }

  private isAligned(data: Buffer, offset: number): boolean {
    return this.owned.has(data.buffer as ArrayBuffer) && data.byteOffset % DIRECT_ALIGNMENT === 0 && data.length % DIRECT_ALIGNMENT === 0 && offset % DIRECT_ALIGNMENT === 0;
  }

  private async writeAll(fd: number, data: Buffer, offset: number): Promise<void> {
    let done = 0;
    while (done < data.length) done += (await writeAsync(fd, data, done, data.length - done, offset + done)).bytesWritten;
  }

  /** Closes both descriptors and hands the free buffers back (one still lent goes back on release); the caller waits for its writes first. */
  close(): void {
    for (const fd of [this.fd, this.directFd]) if (fd !== undefined) closeSync(fd);
    this.fd = undefined;
    this.directFd = undefined;
    for (const buffer of this.free.splice(0)) this.disown(buffer);
  }
}
