// DiskCopyPort through prem-manager's Shipper control (proto/ferry/dataplane/v1/shipper.proto), by its RPC
// or through the transfer queue any prem-manager replica takes jobs from (TransferControl).
// StartTransfer is idempotent for a migration+disk+generation and resumes from the receiver's
// verified-chunk map, so calling it again after a crash, a restart or a retry is safe. A cancelled
// migration (its checkpoint refused) stops every disk's transfer with CancelTransfer. A transfer that
// waits (no room on the cloud datastore) is reported as the copy's waiting reason at once; if it still
// waits after `noSpaceWaitMs` the transfer is stopped and the copy fails, retryable, naming the fix.
// The poll loop ends at once when the runner stops (shutdown); the transfer goes on in prem-manager.
import { ferry } from '@ferry/proto';
import { pause } from '@ferry/service-kit';
import type { TransferControl } from '@ferry/transfer-queue';
import { UnavailableError } from '@ferry/errors';
import { RUNNER_STOPPING, type CopyObserver, type DiskCopyPort, type DiskCopyResult, type DiskSyncGeneration, type DiskToCopy } from '../orchestration';
import { CopyWait } from './copy-wait';
import { completedCounts, transferProgress } from './transfer-progress';

const { TransferMode, TransferState } = ferry.dataplane.v1;
type Status = ferry.dataplane.v1.TransferStatus;

/** Where one disk is read from (on prem-esxi-manager) and written to (on cloud-manager). */
export interface DiskLocation {
  readonly sourceLocator: string;
  readonly targetPath: string;
}

export interface ShipperEndpoints {
  /** host:port of prem-esxi-manager's block source. */
  readonly source: string;
  /** host:port of cloud-manager's chunk receiver. */
  readonly target: string;
  /** Maps a disk of a migration to its source locator and target path. */
  readonly locate: (migrationId: string, disk: DiskToCopy) => DiskLocation;
  readonly pollMs?: number;
  /** Least time between two progress checkpoints (default 2 s). */
  readonly checkpointMs?: number;
  /** How long prem-manager may be unreachable (e.g. restarting) before the copy fails (default 2 min). */
  readonly outageMs?: number;
  /** What the receiver writes: "" (a flat disk file) or "cache" (the LUN "<iqn>/<lun>" of a cloud-cache volume). */
  readonly targetFormat?: '' | 'cache';
  /** How long a transfer may wait for room at the receiver before the copy fails, retryable (default 5 min, NO_SPACE_WAIT_MS). */
  readonly noSpaceWaitMs?: number;
}

/** Default of ShipperEndpoints.noSpaceWaitMs. */
export const DEFAULT_NO_SPACE_WAIT_MS = 300_000;

/**
 * The transfer mode of a copy: a cold copy and a full sync send every chunk; a delta sends CBT's list (its
 * areas, when known, so each chunk travels as its changed span; a cache target takes whole chunks only) or
 * what hashes say differs.
 */
function transferModeOf(sync: DiskSyncGeneration | undefined, targetFormat: string): Pick<ferry.dataplane.v1.IStartTransferRequest, 'mode' | 'changedChunks' | 'changedAreas' | 'rehashSource'> {
  switch (sync?.mode) {
    case undefined:
    case 'full':
      return { mode: TransferMode.TRANSFER_MODE_FULL };
    case 'changed':
      if (sync.changedAreas !== undefined && sync.changedAreas.length > 0 && targetFormat !== 'cache') {
        return { mode: TransferMode.TRANSFER_MODE_DELTA_CHANGED, changedAreas: sync.changedAreas.map((area) => ({ ...area })), rehashSource: sync.rehashSource };
      }
      return { mode: TransferMode.TRANSFER_MODE_DELTA_CHANGED, changedChunks: [...(sync.changedChunks ?? [])], rehashSource: sync.rehashSource };
    case 'hashes':
      return { mode: TransferMode.TRANSFER_MODE_DELTA_HASHES };
  }
}

export class ShipperDiskCopy implements DiskCopyPort {
  /**
   * The copies in flight per migration. A checkpoint refused for one disk (the migration was cancelled)
   * is recorded here so every disk of that migration cancels its transfer on its next poll.
   */
  private readonly inFlight = new Map<string, { copies: number; refused?: unknown }>();
  /** Disk rate caps changed while migrations ran (SetPlanDiskRate), by migration: they override DiskToCopy's. */
  private readonly rates = new Map<string, number>();

  constructor(private readonly shipper: TransferControl, private readonly endpoints: ShipperEndpoints) {}

  /** Each running copy of the migration passes the new cap to prem-manager at its next poll. */
  setRate(migrationId: string, maxBytesPerSecond: number): void {
    this.rates.set(migrationId, maxBytesPerSecond);
  }

  forgetRate(migrationId: string): void {
    this.rates.delete(migrationId);
  }

  /** The status of one disk's transfer of one generation (for reports and tests; 1: the one copy of a cold migration). */
  status(migrationId: string, diskKey: string, generation = 1): Promise<Status> {
    return this.shipper.status({ migrationId, diskId: diskKey, generation });
  }

  /** Pre-copy: stops one sync generation's transfer (a sync given up or cancelled). */
  async stop(migrationId: string, diskKey: string, generation: number): Promise<void> {
    await this.cancelTransfer(migrationId, diskKey, generation);
  }

  async copy(migrationId: string, disk: DiskToCopy, onCheckpoint: (offset: number, bytesCopied: number) => Promise<void>, observer: CopyObserver = {}): Promise<DiskCopyResult> {
    const migration = this.inFlight.get(migrationId) ?? { copies: 0 };
    this.inFlight.set(migrationId, migration);
    migration.copies++;
    try {
      return await this.copyUntilDone(migrationId, disk, onCheckpoint, migration, observer);
    } finally {
      // The last copy to end forgets the refusal, so a retried migration copies again.
      if (--migration.copies === 0) this.inFlight.delete(migrationId);
    }
  }

  /** Stops the disk's transfer in prem-manager (its stream and source read end at once). */
  private async cancelTransfer(migrationId: string, diskKey: string, generation: number, signal?: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.shipper.cancel({ migrationId, diskId: diskKey, generation });
        return;
      } catch (error) {
        // A transfer never started has nothing to stop; an unreachable prem-manager gets a few tries.
        if ((error as { code?: number }).code === 5 || attempt >= 3 || signal?.aborted === true) return;
        await pause(this.endpoints.pollMs ?? 500, signal);
      }
    }
  }

  private async copyUntilDone(
    migrationId: string,
    disk: DiskToCopy,
    onCheckpoint: (offset: number, bytesCopied: number) => Promise<void>,
    migration: { refused?: unknown },
    { onWaiting, signal }: CopyObserver,
  ): Promise<DiskCopyResult> {
    // Pre-copy syncs name their generation and read their snapshot; a cold copy is generation 1 of the live disk.
    const generation = disk.sync?.generation ?? 1;
    const key = { migrationId, diskId: disk.diskKey, generation };
    const waitMs = this.endpoints.noSpaceWaitMs ?? DEFAULT_NO_SPACE_WAIT_MS;
    const wait = new CopyWait({ migrationId, diskKey: disk.diskKey, datastorePath: disk.datastorePath, targetDatastore: disk.targetDatastore, intoCache: this.endpoints.targetFormat === 'cache' }, waitMs, disk.waitingSince);
    const pollMs = this.endpoints.pollMs ?? 500;
    const where = this.endpoints.locate(migrationId, disk);
    const rate = (): number => this.rates.get(migrationId) ?? disk.maxBytesPerSecond;
    // The cap prem-manager was last given; StartTransfer again (idempotent) changes a running transfer's cap at once.
    let capSent: number | undefined;
    const start = async (): Promise<Status> => {
      const maxBytesPerSecond = rate();
      const status = await this.shipper.start({
        ...key, sourceEndpoint: this.endpoints.source, sourceLocator: disk.sync?.sourceLocator ?? where.sourceLocator, targetEndpoint: this.endpoints.target, targetPath: where.targetPath,
        ...transferModeOf(disk.sync, this.endpoints.targetFormat ?? ''), maxBytesPerSecond, targetFormat: this.endpoints.targetFormat ?? '',
      });
      capSent = maxBytesPerSecond;
      return status;
    };
    const outageMs = this.endpoints.outageMs ?? 120_000;
    let reachedAt = Date.now();
    let needsStart = true;
    let lastCheckpoint = { at: Date.now(), bytesCopied: 0, offset: 0 };
    for (;;) {
      // The appliance is shutting down: stop following the transfer now (it goes on in prem-manager; the
      // next start of the appliance resumes the step and follows it again).
      if (signal?.aborted === true) {
        throw new UnavailableError(`stopped following the copy of disk ${disk.diskKey} (${disk.datastorePath}): ${RUNNER_STOPPING}; the transfer goes on in prem-manager and the migration resumes when a runner starts again`);
      }
      // A checkpoint the aggregate refused (the migration was cancelled), for this disk or another one of
      // the migration: stop the transfer and end the copy with the refusal, so compensation runs at once.
      if (migration.refused !== undefined) {
        await this.cancelTransfer(migrationId, disk.diskKey, generation, signal);
        throw migration.refused;
      }
      if (rate() !== capSent) needsStart = true;
      let status: Status;
      try {
        status = needsStart ? await start() : await this.status(migrationId, disk.diskKey, generation);
        needsStart = false;
        reachedAt = Date.now();
      } catch (error) {
        if (Date.now() - reachedAt > outageMs) {
          throw new UnavailableError(`prem-manager did not answer for ${outageMs} ms while copying disk ${disk.diskKey} (${disk.datastorePath}): ${String(error)}; retry the migration once it runs`, { cause: error });
        }
        needsStart = true; // prem-manager may have restarted: StartTransfer again (idempotent) before polling
        await pause(pollMs, signal);
        continue;
      }
      if (status.state === TransferState.TRANSFER_STATE_COMPLETED) {
        // Counted from prem-manager's logs: the whole copy, across restarts of either service.
        const counts = completedCounts(status, disk.sync?.mode ?? 'full');
        await onCheckpoint(disk.capacityBytes, counts.bytesCopied).catch((error: unknown) => {
          migration.refused ??= error; // the other disks of the migration stop too
          throw error;
        });
        return counts;
      }
      if (status.state === TransferState.TRANSFER_STATE_CANCELLED) {
        // Cancelled in prem-manager by someone else (an operator): not overridden here.
        throw new UnavailableError(`copy of disk ${disk.diskKey} (${disk.datastorePath}) was cancelled in prem-manager (CancelTransfer); retry the migration to resume it`);
      }
      if (status.state === TransferState.TRANSFER_STATE_FAILED) {
        throw new UnavailableError(`copy of disk ${disk.diskKey} (${disk.datastorePath}) failed in prem-manager: ${status.error}; retry the migration to resume it`);
      }
      // Waiting in prem-manager (no room at the receiver): say why at once; past the wait, stop it and fail.
      const waiting = wait.observe({ waitingReason: status.waitingReason ?? '', spaceNeededBytes: Number(status.spaceNeededBytes ?? 0) }, Date.now());
      if (waiting.giveUp !== undefined) {
        await this.cancelTransfer(migrationId, disk.diskKey, generation, signal);
        throw waiting.giveUp;
      }
      if (waiting.record !== undefined && onWaiting !== undefined) {
        const refusal = await onWaiting(waiting.record).then(() => undefined, (error: unknown) => ({ error }));
        if (refusal !== undefined) {
          migration.refused ??= refusal.error; // as a refused checkpoint: the migration's copies stop
          continue;
        }
      }
      // Only what the receiver verified: a checkpoint promises that what it counts is on the target.
      const { offset, bytesCopied } = transferProgress(status);
      const moved = bytesCopied > lastCheckpoint.bytesCopied || offset > lastCheckpoint.offset;
      if (moved && Date.now() - lastCheckpoint.at >= (this.endpoints.checkpointMs ?? 2000)) {
        lastCheckpoint = { at: Date.now(), bytesCopied, offset };
        const refusal = await onCheckpoint(offset, bytesCopied).then(() => undefined, (error: unknown) => ({ error }));
        if (refusal !== undefined) {
          migration.refused ??= refusal.error;
          continue; // cancel at once, without waiting for the next poll
        }
      }
      await pause(pollMs, signal);
    }
  }
}
