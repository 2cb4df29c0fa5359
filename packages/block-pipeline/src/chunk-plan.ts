import { ValidationError } from '@ferry/errors';
import type { DiskExtent } from './source';

/** One chunk of a disk: `data` must be read, `zero` travels as a zero range without payload. */
export interface PlannedChunk {
  index: number;
  offset: number;
  length: number;
  kind: 'data' | 'zero';
}

/** Default chunk size: 1 MiB. */
export const DEFAULT_CHUNK_SIZE = 1 << 20;

/** Number of chunks of a disk of `virtualSize` bytes (the last one may be short). */
export function chunkCount(virtualSize: number, chunkSize: number): number {
  return Math.ceil(virtualSize / chunkSize);
}

/** Byte range of chunk `index`. */
export function chunkRange(index: number, virtualSize: number, chunkSize: number): { offset: number; length: number } {
  const offset = index * chunkSize;
  return { offset, length: Math.min(chunkSize, virtualSize - offset) };
}

/** Rejects chunk sizes that are not a power of two between 64 KiB and 64 MiB. */
export function validateChunkSize(chunkSize: number, field = 'chunkSize'): number {
  if (!Number.isInteger(chunkSize) || chunkSize < 4096 || chunkSize > 64 << 20 || (chunkSize & (chunkSize - 1)) !== 0) {
    throw new ValidationError(field, `must be a power of two between 4096 and 67108864 bytes, got ${chunkSize}; use 1048576 (1 MiB)`);
  }
  return chunkSize;
}

/**
 * Walks an extent map (sorted, non-overlapping, as readers produce it) and yields every chunk of the
 * disk in order. A chunk that no allocated, non-zero extent touches is a zero chunk; it is never read.
 */
export async function* planChunks(extents: AsyncIterable<DiskExtent> | Iterable<DiskExtent>, virtualSize: number, chunkSize: number): AsyncGenerator<PlannedChunk> {
  validateChunkSize(chunkSize);
  const total = chunkCount(virtualSize, chunkSize);
  let next = 0;
  const emitUpTo = function* (endExclusive: number, kind: 'data' | 'zero'): Generator<PlannedChunk> {
    for (; next < Math.min(endExclusive, total); next++) yield { index: next, ...chunkRange(next, virtualSize, chunkSize), kind };
  };
  for await (const extent of extents) {
    if (!extent.allocated || extent.zero === true || extent.length === 0) continue;
    const first = Math.floor(extent.offset / chunkSize);
    const last = Math.floor((extent.offset + extent.length - 1) / chunkSize);
    if (first >= next) yield* emitUpTo(first, 'zero');
    yield* emitUpTo(last + 1, 'data');
  }
  yield* emitUpTo(total, 'zero');
}
