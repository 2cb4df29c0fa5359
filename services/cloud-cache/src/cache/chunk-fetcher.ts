/**
 * Where absent chunks come from. The volume only knows `ChunkFetcher`; one implementation reads a
 * source disk through any reader with the `@ferry/disk-formats` DiskReader shape.
 */
import { open } from 'node:fs/promises';

/** Supplies the source content of one chunk of a volume. */
export interface ChunkFetcher {
  /** Size of the source disk in bytes. */
  readonly size: number;
  /** The bytes of chunk `index` (the last chunk may be short). */
  fetch(index: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** The part of a disk-formats DiskReader the fetcher uses. */
export interface SourceDisk {
  readonly virtualSize: number;
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** A fetcher that reads chunk-sized pieces from a source disk. */
export function diskFetcher(source: SourceDisk, chunkSize: number): ChunkFetcher {
  return {
    size: source.virtualSize,
    async fetch(index: number): Promise<Buffer> {
      const offset = index * chunkSize;
      return source.read(offset, Math.max(0, Math.min(chunkSize, source.virtualSize - offset)));
    },
    close: () => source.close(),
  };
}

/** A raw image file as a SourceDisk (reads past the end are zeros, like a sparse disk). */
export async function openRawSource(path: string): Promise<SourceDisk> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    virtualSize: size,
    async read(offset: number, length: number): Promise<Buffer> {
      const buf = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf;
    },
    close: () => handle.close(),
  };
}
