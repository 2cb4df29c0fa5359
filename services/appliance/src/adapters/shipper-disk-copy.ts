// DiskCopyPort through prem-manager's Shipper control RPC (proto/ferry/dataplane/v1/shipper.proto).
// StartTransfer is idempotent for a migration+disk+generation and resumes from the receiver's
// verified-chunk map, so calling it again after a crash, a restart or a retry is safe.
import type { Client } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { UnavailableError } from '@ferry/errors';
import type { DiskCopyPort, DiskCopyResult, DiskToCopy } from '../orchestration';

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
}

export class ShipperDiskCopy implements DiskCopyPort {
  /** `shipper`: a grpcClient('ferry.dataplane.v1.Shipper', …) with the site's mutual-TLS credentials. */
  constructor(private readonly shipper: Client, private readonly endpoints: ShipperEndpoints) {}

  /** The status of one disk's transfer (for reports and tests). */
  status(migrationId: string, diskKey: string): Promise<Status> {
    return unaryCall<ferry.dataplane.v1.IGetTransferRequest, Status>(this.shipper, 'GetTransfer', { migrationId, diskId: diskKey, generation: 1 });
  }

  async copy(migrationId: string, disk: DiskToCopy, onCheckpoint: (offset: number, bytesCopied: number) => Promise<void>): Promise<DiskCopyResult> {
    const key = { migrationId, diskId: disk.diskKey, generation: 1 };
    const where = this.endpoints.locate(migrationId, disk);
    const start = (): Promise<Status> =>
      unaryCall<ferry.dataplane.v1.IStartTransferRequest, Status>(this.shipper, 'StartTransfer', {
        ...key, sourceEndpoint: this.endpoints.source, sourceLocator: where.sourceLocator, targetEndpoint: this.endpoints.target, targetPath: where.targetPath,
        mode: TransferMode.TRANSFER_MODE_FULL,
      });
    const outageMs = this.endpoints.outageMs ?? 120_000;
    let reachedAt = Date.now();
    let needsStart = true;
    let lastCheckpoint = { at: Date.now(), chunks: 0 };
    // A checkpoint the aggregate refuses (the migration was cancelled) must not stop the wait: the
    // transfer keeps writing until it ends, and a cancel cleans up only after that.
    let refused: unknown;
    for (;;) {
      let status: Status;
      try {
        status = needsStart ? await start() : await this.status(migrationId, disk.diskKey);
        needsStart = false;
        reachedAt = Date.now();
      } catch (error) {
        if (Date.now() - reachedAt > outageMs) {
          throw new UnavailableError(`prem-manager did not answer for ${outageMs} ms while copying disk ${disk.diskKey} (${disk.datastorePath}): ${String(error)}; retry the migration once it runs`, { cause: error });
        }
        needsStart = true; // prem-manager may have restarted: StartTransfer again (idempotent) before polling
        await sleep(this.endpoints.pollMs ?? 500);
        continue;
      }
      if (status.state === TransferState.TRANSFER_STATE_COMPLETED) {
        if (refused !== undefined) throw refused;
        await onCheckpoint(disk.capacityBytes, Number(status.wireBytes));
        return { bytesCopied: Number(status.wireBytes), bytesSkippedZero: 0, sha256: Buffer.from(status.diskDigest).toString('hex') };
      }
      if (status.state === TransferState.TRANSFER_STATE_FAILED) {
        throw new UnavailableError(`copy of disk ${disk.diskKey} (${disk.datastorePath}) failed in prem-manager: ${status.error}; retry the migration to resume it`);
      }
      const chunks = Number(status.chunksSent);
      const total = Number(status.chunksTotal);
      if (refused === undefined && total > 0 && chunks > lastCheckpoint.chunks && Date.now() - lastCheckpoint.at >= (this.endpoints.checkpointMs ?? 2000)) {
        lastCheckpoint = { at: Date.now(), chunks };
        const offset = Math.min(disk.capacityBytes, Math.floor((disk.capacityBytes * chunks) / total));
        await onCheckpoint(offset, Number(status.wireBytes)).catch((error: unknown) => {
          refused = error;
        });
      }
      await sleep(this.endpoints.pollMs ?? 500);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
