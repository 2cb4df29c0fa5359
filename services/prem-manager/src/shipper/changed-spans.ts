// Changed byte ranges (vSphere's changed block tracking) turned into the chunks a changed-list delta
// sends and, for each, the span of it that changed: from its first changed byte to its last.
import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';

/** A changed byte range of the disk, as QueryChangedDiskAreas reports it. */
export interface ChangedArea {
  offset: number;
  length: number;
}

/** Bytes [start, start + length) of one chunk, relative to its first byte. */
export interface ChangedSpan {
  index: number;
  start: number;
  length: number;
}

/** Checks StartTransfer's changed_areas: only for a changed-list delta into a raw target, each a real range. */
export function validateChangedAreas(areas: readonly ChangedArea[], mode: number, targetFormat: string | undefined): void {
  if (areas.length === 0) return;
  if (mode !== ferry.dataplane.v1.TransferMode.TRANSFER_MODE_DELTA_CHANGED) {
    throw new ValidationError('changed_areas', 'apply to TRANSFER_MODE_DELTA_CHANGED only; send them with that mode or leave them out');
  }
  if (targetFormat === 'cache') throw new ValidationError('changed_areas', 'are not taken by a cache target (target_format "cache"); send changed_chunks instead');
  for (const [at, area] of areas.entries()) {
    if (!Number.isSafeInteger(area.offset) || !Number.isSafeInteger(area.length) || area.offset < 0 || area.length < 1) {
      throw new ValidationError(`changed_areas[${at}]`, `offset ${area.offset} length ${area.length} is not a byte range; give an offset of 0 or more and a length of 1 or more`);
    }
  }
}

/**
 * The chunks the areas touch, each with its changed span (merged from its first changed byte to its
 * last); a chunk changed from its first byte to its last gets none (it travels whole). Areas past the
 * disk's end are cut at it.
 */
export function changedSpans(areas: readonly ChangedArea[], chunkSize: number, virtualSize: number): Map<number, ChangedSpan | undefined> {
  const bounds = new Map<number, { first: number; end: number }>();
  for (const area of areas) {
    const end = Math.min(area.offset + area.length, virtualSize);
    for (let at = area.offset; at < end; ) {
      const index = Math.floor(at / chunkSize);
      const chunkEnd = Math.min((index + 1) * chunkSize, virtualSize);
      const until = Math.min(end, chunkEnd);
      const known = bounds.get(index);
      bounds.set(index, { first: Math.min(known?.first ?? at, at), end: Math.max(known?.end ?? until, until) });
      at = until;
    }
  }
  const spans = new Map<number, ChangedSpan | undefined>();
  for (const [index, { first, end }] of bounds) {
    const chunkStart = index * chunkSize;
    const whole = first === chunkStart && end === Math.min(chunkStart + chunkSize, virtualSize);
    spans.set(index, whole ? undefined : { index, start: first - chunkStart, length: end - first });
  }
  return spans;
}
