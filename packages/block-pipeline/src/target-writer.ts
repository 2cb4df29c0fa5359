import { close, closeSync, constants, openSync, read, write } from 'node:fs';
import { promisify } from 'node:util';

/** Offsets and lengths of direct writes are multiples of this (covers 512-byte and 4 KiB sector devices). */
const DIRECT_ALIGNMENT = 4096;
const WASM_PAGE = 65536;
/** Page-aligned buffers per writer: chunks being restored plus writes in flight on the thread pool. */
const BUFFERS = 4;
// The global exists in Node; this project's TypeScript libs do not declare it.
declare const WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer } };

const writeAsync = promisify(write);
const readAsync = promisify(read);

/** A page-aligned buffer of at least `length` bytes: WebAssembly memories are the one page-aligned allocation JavaScript can make. */
function alignedBuffer(length: number): Buffer {
  const pages = Math.max(1, Math.ceil(length / WASM_PAGE));
  return Buffer.from(new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer);
}

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
  private bufferLength = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r+');
    try {
      this.directFd = openSync(path, constants.O_RDWR | constants.O_DIRECT);
    } catch {
      this.directFd = undefined;
    }
  }

  /** One of the writer's aligned buffers, of at least `length` bytes; waits while all are in use. Give it back with release(). */
  async acquire(length: number): Promise<Buffer> {
    if (length > this.bufferLength) {
      // A longer chunk than any before: the old buffers are dropped as they come back.
      this.bufferLength = length;
      this.free.length = 0;
      this.owned.clear();
    }
    for (;;) {
      const buffer = this.free.pop();
      if (buffer !== undefined) return buffer;
      if (this.owned.size < BUFFERS) {
        const fresh = alignedBuffer(this.bufferLength);
        this.owned.add(fresh.buffer as ArrayBuffer);
        return fresh;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  release(buffer: Buffer): void {
    if (this.owned.has(buffer.buffer as ArrayBuffer)) this.free.push(buffer);
    this.waiting.shift()?.();
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

  /** Closes both descriptors; the caller waits for its writes first. */
  close(): void {
    for (const fd of [this.fd, this.directFd]) if (fd !== undefined) closeSync(fd);
    this.fd = undefined;
    this.directFd = undefined;
  }
}
