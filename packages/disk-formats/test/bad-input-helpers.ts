import { readFile, writeFile } from 'node:fs/promises';
import { DiskFormatError, openDisk, type DiskFormat } from '../src';

/** The largest buffer allocated through Buffer.alloc/allocUnsafe while tracking is on. */
export const allocations = { largest: 0 };

/** Wraps Buffer.alloc and Buffer.allocUnsafe to record the largest request; returns the undo. */
export function trackAllocations(): () => void {
  const { alloc, allocUnsafe } = Buffer;
  Buffer.alloc = ((size: number, fill?: string | Uint8Array | number, encoding?: BufferEncoding) => {
    allocations.largest = Math.max(allocations.largest, size);
    return alloc(size, fill, encoding);
  }) as typeof Buffer.alloc;
  Buffer.allocUnsafe = ((size: number) => {
    allocations.largest = Math.max(allocations.largest, size);
    return allocUnsafe(size);
  }) as typeof Buffer.allocUnsafe;
  return () => {
    Buffer.alloc = alloc;
    Buffer.allocUnsafe = allocUnsafe;
  };
}

/** Most bytes one probe reads, so a header claiming a huge disk still probes quickly. */
const PROBE_BYTES = 8 * 2 ** 20;
const PROBE_EXTENTS = 100_000;

/**
 * Opens an image and reads it as a copier would: every extent (up to a cap), then the data of
 * allocated extents (up to a cap). Returns the bytes read from offset 0 when the whole disk fit.
 */
export async function probe(path: string, format?: DiskFormat): Promise<Buffer | undefined> {
  const disk = await openDisk(path, { format });
  try {
    const allocated: Array<[number, number]> = [];
    let count = 0;
    for await (const extent of disk.extents()) {
      if (!extent.zero) allocated.push([extent.offset, extent.length]);
      if (++count >= PROBE_EXTENTS) break;
    }
    let budget = PROBE_BYTES;
    for (const [offset, length] of allocated) {
      const take = Math.min(length, budget);
      if (take <= 0) break;
      await disk.read(offset, take);
      budget -= take;
    }
    return disk.virtualSize <= PROBE_BYTES ? await disk.read(0, disk.virtualSize) : undefined;
  } finally {
    await disk.close();
  }
}

/** Probes; a failure must be a DiskFormatError whose message names `names` (a path). Returns the data or the error. */
export async function probeCleanly(path: string, format: DiskFormat | undefined, names: string = path): Promise<Buffer | DiskFormatError | undefined> {
  try {
    return await probe(path, format);
  } catch (error) {
    if (!(error instanceof DiskFormatError)) throw new Error(`${path}: expected a DiskFormatError, got ${String(error)}`, { cause: error });
    if (!error.message.includes(names)) throw new Error(`error does not name ${names}: ${error.message}`);
    return error;
  }
}

/** Writes a copy of `source` at `target` changed by `mutate`. */
export async function mutateCopy(source: string, target: string, mutate: (bytes: Buffer) => Buffer | void): Promise<string> {
  const bytes = await readFile(source);
  await writeFile(target, mutate(bytes) ?? bytes);
  return target;
}
