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
  /** Like fetch, with the source's SHA-256 of the chunk as a verified frame announced it (remote sources). */
  fetchVerified?(index: number): Promise<{ data: Buffer; sha256: Buffer }>;
  /**
   * Chunks the source holds no data for (unallocated or known-zero over their whole length), in
   * ascending order, learnt from metadata without reading them; absent when the source cannot tell.
   */
  unallocatedChunks?(): AsyncIterable<number>;
  /**
   * Asks for `indexes` ahead of any read (a boot profile), at background priority: every hop serves
   * reads a guest waits for first. Each chunk's promise resolves undefined when its answer did not come.
   */
  fetchAhead?(indexes: readonly number[]): Map<number, Promise<FetchedChunk | undefined>>;
  close(): Promise<void>;
}

/** A chunk as a fetch returned it, with the source's SHA-256 when a verified frame carried one. */
export interface FetchedChunk {
  data: Buffer;
  sha256?: Buffer;
}

/** One range of a source's allocation map (the disk-formats Extent shape). */
export interface SourceExtent {
  offset: number;
  length: number;
  allocated: boolean;
  zero?: boolean;
}

/** The part of a disk-formats DiskReader the fetcher uses. */
export interface SourceDisk {
  readonly virtualSize: number;
  /** 'raw', 'qcow2', 'vmdk', …: a raw image's map is a scan of all its data, so it is not used. */
  readonly format?: string;
  extents?(): AsyncIterable<SourceExtent>;
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** The chunks lying wholly inside ranges without data, from an ascending allocation map. */
export async function* chunksWithoutData(extents: AsyncIterable<SourceExtent> | Iterable<SourceExtent>, chunkSize: number, size: number): AsyncIterable<number> {
  let emptyFrom = -1; // start of the current run of ranges without data, or -1
  let emptyTo = 0;
  const flush = function* (): Iterable<number> {
    if (emptyFrom < 0) return;
    const end = Math.min(emptyTo, size);
    for (let i = Math.ceil(emptyFrom / chunkSize); i * chunkSize < end; i++) {
      if (Math.min((i + 1) * chunkSize, size) <= end) yield i;
    }
  };
  for await (const extent of extents) {
    const empty = !extent.allocated || extent.zero === true;
    if (empty && emptyFrom >= 0 && extent.offset === emptyTo) {
      emptyTo = extent.offset + extent.length;
      continue;
    }
    yield* flush();
    emptyFrom = empty ? extent.offset : -1;
    emptyTo = extent.offset + extent.length;
  }
  yield* flush();
}

/** A fetcher that reads chunk-sized pieces from a source disk. */
export function diskFetcher(source: SourceDisk, chunkSize: number): ChunkFetcher {
  return {
    size: source.virtualSize,
    async fetch(index: number): Promise<Buffer> {
      const offset = index * chunkSize;
      return source.read(offset, Math.max(0, Math.min(chunkSize, source.virtualSize - offset)));
    },
    unallocatedChunks: source.extents === undefined || source.format === 'raw' ? undefined : () => chunksWithoutData(source.extents?.() ?? [], chunkSize, source.virtualSize),
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
