import { open, type FileHandle } from 'node:fs/promises';
import { DiskFormatError, faultsOf, type Faults } from '../errors';

/**
 * One opened image file with bounds-checked positional reads: a read past the end of the
 * file is a DiskFormatError naming the file and what was being read, never a short buffer.
 */
export class ImageFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
    readonly fault: Faults,
  ) {}

  static async open(path: string, format: string): Promise<ImageFile> {
    const fault = faultsOf(path, format);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      throw fault('file', `cannot be opened (${code})`, 'check the path and its permissions', cause);
    }
    const stat = await handle.stat();
    if (!stat.isFile() && !stat.isBlockDevice()) {
      await handle.close();
      throw fault('file', 'is not a regular file', 'pass the image file itself');
    }
    return new ImageFile(path, handle, stat.size, fault);
  }

  /** Reads exactly `length` bytes at `offset`, or throws naming `what` when the file ends first. */
  async readAt(offset: number, length: number, what: string): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.size) {
      throw this.fault(what, `lies at ${offset}+${length}, past the end of the file (${this.size} bytes)`);
    }
    const buffer = Buffer.alloc(length);
    await this.readInto(buffer, 0, offset, length, what);
    return buffer;
  }

  /** Fills target[targetOffset, +length) from file offset; bounds-checked like readAt. */
  async readInto(target: Buffer, targetOffset: number, offset: number, length: number, what: string): Promise<void> {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.size) {
      throw this.fault(what, `lies at ${offset}+${length}, past the end of the file (${this.size} bytes)`);
    }
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(target, targetOffset + done, length - done, offset + done);
      if (bytesRead === 0) throw this.fault(what, `the file ended at ${offset + done} while reading it`);
      done += bytesRead;
    }
  }

  /** Reads up to `length` bytes at offset, clamped to the end of file (for trailing compressed data). */
  async readClamped(offset: number, length: number, what: string): Promise<Buffer> {
    if (offset >= this.size) throw this.fault(what, `starts at ${offset}, past the end of the file (${this.size} bytes)`);
    return this.readAt(offset, Math.min(length, this.size - offset), what);
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

export { DiskFormatError };
