import type { Extent } from './types';

/**
 * What each format implements internally: a map of guest ranges and bounded reads.
 * `disk-reader.ts` turns a Layer into the public DiskReader (coalescing, bounds, pieces),
 * and qcow2 uses another Layer as its backing file.
 */
export interface Layer {
  readonly path: string;
  readonly virtualSize: number;
  /** Runs covering [start, end) in order, possibly uncoalesced; `end` ≤ virtualSize. */
  map(start: number, end: number): AsyncIterable<Extent>;
  /**
   * Fills target[at, at+length) with guest bytes [offset, offset+length). Callers keep
   * `length` ≤ Limits.readPieceBytes and the range within virtualSize.
   */
  readInto(target: Buffer, at: number, offset: number, length: number): Promise<void>;
  close(): Promise<void>;
}

/** A zero buffer reused for all-zero comparisons. */
const ZEROES = Buffer.alloc(64 * 1024);

/** True when every byte of the buffer is zero (memcmp against a shared zero page). */
export function isAllZero(data: Buffer): boolean {
  for (let at = 0; at < data.length; at += ZEROES.length) {
    const piece = data.subarray(at, Math.min(data.length, at + ZEROES.length));
    if (!piece.equals(ZEROES.subarray(0, piece.length))) return false;
  }
  return true;
}

/** Joins adjacent runs of the same kind, so consumers see few, large extents. */
export async function* coalesce(runs: AsyncIterable<Extent>): AsyncIterable<Extent> {
  let pending: Extent | undefined;
  for await (const run of runs) {
    if (run.length <= 0) continue;
    const zero = run.zero ?? !run.allocated;
    if (pending && pending.allocated === run.allocated && pending.zero === zero && pending.offset + pending.length === run.offset) {
      pending.length += run.length;
      continue;
    }
    if (pending) yield pending;
    pending = { offset: run.offset, length: run.length, allocated: run.allocated, zero };
  }
  if (pending) yield pending;
}
