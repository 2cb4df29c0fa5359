import { execFile } from 'node:child_process';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { NotFoundError } from '@ferry/errors';
import type { BlockSource, DiskExtent } from './source';

const run = promisify(execFile);

interface QemuMapEntry {
  start: number;
  length: number;
  data: boolean;
  zero: boolean;
}

/**
 * A raw image file as a BlockSource. The extent map comes from `qemu-img map` (which asks the
 * file system with SEEK_DATA/SEEK_HOLE), so holes are never read.
 */
export class RawFileSource implements BlockSource {
  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    readonly virtualSize: number,
  ) {}

  static async open(path: string): Promise<RawFileSource> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (cause) {
      throw new NotFoundError(`source disk ${path} cannot be opened (${String(cause)}); check the path and permissions`, { cause });
    }
    const { size } = await handle.stat();
    return new RawFileSource(path, handle, size);
  }

  async *extents(): AsyncIterable<DiskExtent> {
    const { stdout } = await run('qemu-img', ['map', '--output=json', '-f', 'raw', this.path], { maxBuffer: 256 << 20 });
    for (const entry of JSON.parse(stdout) as QemuMapEntry[]) {
      yield { offset: entry.start, length: entry.length, allocated: entry.data, zero: entry.zero };
    }
  }

  async read(offset: number, length: number): Promise<Buffer> {
    return this.readInto(Buffer.allocUnsafe(length), offset, length);
  }

  /** Reads `length` bytes at `offset` into the start of `buffer` (reused by the caller); returns that part. */
  async readInto(target: Buffer, offset: number, length: number): Promise<Buffer> {
    const buffer = target.subarray(0, length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done);
      if (bytesRead === 0) {
        buffer.fill(0, done); // past the end of a short file: reads as zeros like a disk
        break;
      }
      done += bytesRead;
    }
    return buffer;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
