// A disk's copy whose transfer waits in prem-manager (waiting_reason in GetTransfer, e.g. no room on the
// cloud datastore): what to record for the operator while it waits, and when to stop waiting and fail
// the step (retryable) with what to do. Pure: the poll loop feeds it each status and the time.
import { ResourceExhaustedError } from '@ferry/errors';

/** The part of prem-manager's TransferStatus this looks at (numbers already). */
export interface TransferWaitStatus {
  /** Empty while the transfer moves. */
  readonly waitingReason: string;
  readonly spaceNeededBytes: number;
}

/** The disk whose copy may wait. */
export interface WaitingDisk {
  readonly migrationId: string;
  readonly diskKey: string;
  readonly datastorePath: string;
  /** The cloud datastore the plan maps the disk to. */
  readonly targetDatastore: string;
  /** A warm migration's hydration: the disk goes into a cloud-cache volume, whose room is cloud-cache's CACHE_DIR. */
  readonly intoCache?: boolean;
}

/** Where the disk's data lands: the mapped cloud datastore, or the cloud cache for a hydration. */
function placeOf(disk: WaitingDisk): string {
  return disk.intoCache === true ? "the cloud cache (cloud-cache's CACHE_DIR)" : `cloud datastore ${disk.targetDatastore}`;
}

/** What one poll means: a reason to record ('' = moving again), and/or the error that ends the copy. */
export interface WaitStep {
  readonly record?: string;
  readonly giveUp?: ResourceExhaustedError;
}

/** A changed reason of a wait already recorded is recorded again at most this often (its figures move). */
export const RERECORD_MS = 10_000;

const MiB = 2 ** 20;

/** Whole MiB, rounded up: what to free. */
export function mibNeeded(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / MiB));
}

/** 300000 → "5 min", 5000 → "5 s", 90000 → "1 min 30 s". */
export function waitText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return rest === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
}

/** The reason GetMigration and `ferry watch` show while the copy waits. */
export function waitingReasonOf(disk: WaitingDisk, status: TransferWaitStatus, waitMs: number): string {
  return `no space on ${placeOf(disk)} for disk ${disk.diskKey}: about ${mibNeeded(status.spaceNeededBytes)} MiB more needed (${status.waitingReason}); ` +
    `the copy goes on by itself once there is room, or fails after ${waitText(waitMs)} of waiting`;
}

/** The step's failure once the wait is over: where, how much, and the fix. */
export function noSpaceFailure(disk: WaitingDisk, status: TransferWaitStatus, waitedMs: number): ResourceExhaustedError {
  const mib = mibNeeded(status.spaceNeededBytes);
  const fix = disk.intoCache === true
    ? `Free ${mib} MiB in cloud-cache's CACHE_DIR (or give it a larger file system)`
    : `Free ${mib} MiB on datastore ${disk.targetDatastore} or map another datastore`;
  return new ResourceExhaustedError(
    `no space on ${placeOf(disk)} for disk ${disk.diskKey} (${disk.datastorePath}): the copy waited ${waitText(waitedMs)} for room, about ${mib} MiB more is needed (${status.waitingReason}). ` +
      `${fix}, then ferry retry ${disk.migrationId}`,
  );
}

/**
 * Follows one copy's waits. The wait's clock starts at the first poll that sees it (or at `since`, when a
 * resumed run continues a wait this attempt already recorded) and stops when the transfer moves again.
 */
export class CopyWait {
  private since: number | undefined;
  /** The reason last recorded; undefined: not known (a resumed wait), so the first poll records. */
  private recorded: string | undefined;
  private recordedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly disk: WaitingDisk,
    private readonly waitMs: number,
    since?: number,
  ) {
    this.since = since;
    this.recorded = since === undefined ? '' : undefined;
  }

  /** Feeds one poll of a RUNNING transfer at `now` (unix ms). */
  observe(status: TransferWaitStatus, now: number): WaitStep {
    if (status.waitingReason === '') {
      this.since = undefined;
      if (this.recorded === '') return {};
      this.recorded = '';
      this.recordedAt = now;
      return { record: '' };
    }
    this.since ??= now;
    const waited = now - this.since;
    if (waited >= this.waitMs) return { giveUp: noSpaceFailure(this.disk, status, waited) };
    const reason = waitingReasonOf(this.disk, status, this.waitMs);
    const fresh = this.recorded === undefined || this.recorded === '';
    if (reason === this.recorded || (!fresh && now - this.recordedAt < RERECORD_MS)) return {};
    this.recorded = reason;
    this.recordedAt = now;
    return { record: reason };
  }
}
