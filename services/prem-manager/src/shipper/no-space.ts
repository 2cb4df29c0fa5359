// The receiver found no room for the target (ReceiverMessage.no_space, then RESOURCE_EXHAUSTED): the
// transfer waits for room — a new session now and then, further apart each time — and says why in its
// status (waiting_reason, space_needed_bytes) instead of failing or retrying in a tight loop. Pure.
import { ResourceExhaustedError } from '@ferry/errors';

/** What the receiver reported (ferry.dataplane.v1.NoSpace, numbers already). */
export interface ReceiverNoSpace {
  readonly path: string;
  readonly datastore: string;
  readonly neededBytes: number;
  readonly freeBytes: number;
  readonly code: string;
}

/** A session the receiver ended because its target's file system (or quota) is full. */
export class ReceiverOutOfSpace extends ResourceExhaustedError {
  /** Bytes of the chunks the session still had to get acknowledged when it was refused (runSession sets it). */
  remainingBytes = 0;

  constructor(readonly report: ReceiverNoSpace, details: string, options?: { cause?: unknown }) {
    super(`receiver has no room: ${details}`, options);
  }
}

/** First pause before a session is tried again after "no space", doubled each time up to NO_SPACE_RETRY_MAX_MS. */
export const NO_SPACE_RETRY_MS = 1000;
export const NO_SPACE_RETRY_MAX_MS = 30_000;

/** The pause before the next session after the `waits`-th "no space" in a row (1-based). */
export function noSpaceRetryMs(waits: number): number {
  return Math.min(NO_SPACE_RETRY_MS * 2 ** Math.max(0, Math.min(waits - 1, 16)), NO_SPACE_RETRY_MAX_MS);
}

/**
 * About how many more bytes the target needs than are free at the receiver: what the session still had
 * to land, less what is free there, and never less than the write that was refused. An upper bound:
 * chunks written but not yet acknowledged when the stream ended took their room already.
 */
export function spaceNeeded(report: Pick<ReceiverNoSpace, 'neededBytes' | 'freeBytes'>, remainingBytes: number): number {
  return Math.max(report.neededBytes, remainingBytes - report.freeBytes, 0);
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** "no space on datastore ds1 (/vmfs/volumes/ds1/ferry-m1, ENOSPC): about 33.0 MiB more needed, 0.0 MiB free". */
export function waitingReasonOf(report: ReceiverNoSpace, neededBytes: number): string {
  const where = report.datastore === '' ? `${report.path} (${report.code})` : `datastore ${report.datastore} (${report.path}, ${report.code})`;
  return `no space on ${where}: about ${mib(neededBytes)} more needed, ${mib(report.freeBytes)} free`;
}
