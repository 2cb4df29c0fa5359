/** The local sparse data file of a cache volume: positional reads and writes plus datasync. */
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Reads up to this size are done synchronously (see readInto). */
const SYNC_READ_MAX = 64 * 1024;

export class ChunkStore {
  private constructor(private readonly handle: FileHandle) {}

  /** Opens (creating sparse at `size` bytes if new) the data file at `path`. */
  static async open(path: string, size: number): Promise<ChunkStore> {
    const handle = await open(path, 'a+').then((h) => h.close()).then(() => open(path, 'r+'));
    const { size: current } = await handle.stat();
    if (current !== size) await handle.truncate(size);
    return new ChunkStore(handle);
  }

  async readInto(target: Buffer, targetOffset: number, length: number, position: number): Promise<void> {
    if (length <= SYNC_READ_MAX) {
      // Small reads of a hot cache come from the page cache in microseconds; a thread-pool round
      // trip costs more than the read itself, and random 4 KiB IOPS is what a booting VM needs.
      const n = readSync(this.handle.fd, target, targetOffset, length, position);
      if (n < length) target.fill(0, targetOffset + n, targetOffset + length);
      return;
    }
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(target, targetOffset + done, length - done, position + done);
      if (bytesRead === 0) {
        target.fill(0, targetOffset + done, targetOffset + length); // past EOF of a sparse file: zeros
        return;
      }
      done += bytesRead;
    }
  }

  async write(data: Buffer, position: number): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, position + done);
      done += bytesWritten;
    }
  }

  /** Makes every completed write durable. */
  datasync(): Promise<void> {
    return this.handle.datasync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
