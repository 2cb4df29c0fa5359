// DiskCopyPort through prem-manager's Shipper control RPC (proto/ferry/dataplane/v1/shipper.proto).
// StartTransfer is idempotent for a migration+disk+generation and resumes from the receiver's
// verified-chunk map, so calling it again after a crash or retry is safe.
import type { Client } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { UnavailableError } from '@ferry/errors';
import type { DiskCopyPort, DiskCopyResult, DiskToCopy } from '../orchestration';

const { TransferMode, TransferState } = ferry.dataplane.v1;

export interface ShipperEndpoints {
  /** host:port of prem-esxi-manager's block source. */
  readonly source: string;
  /** host:port of cloud-manager's chunk receiver. */
  readonly target: string;
  readonly pollMs?: number;
}

export class ShipperDiskCopy implements DiskCopyPort {
  /** `shipper`: a grpcClient('ferry.dataplane.v1.Shipper', …) with the site's mutual-TLS credentials. */
  constructor(private readonly shipper: Client, private readonly endpoints: ShipperEndpoints) {}

  async copy(migrationId: string, disk: DiskToCopy, onCheckpoint: (offset: number, bytesCopied: number) => Promise<void>): Promise<DiskCopyResult> {
    const key = { migrationId, diskId: disk.diskKey, generation: 1 };
    await unaryCall<ferry.dataplane.v1.IStartTransferRequest, ferry.dataplane.v1.TransferStatus>(this.shipper, 'StartTransfer', {
      ...key,
      sourceEndpoint: this.endpoints.source,
      sourceLocator: disk.datastorePath,
      targetEndpoint: this.endpoints.target,
      targetPath: `${migrationId}/${disk.diskKey}.raw`,
      mode: TransferMode.TRANSFER_MODE_FULL,
    });
    for (;;) {
      const status = await unaryCall<ferry.dataplane.v1.IGetTransferRequest, ferry.dataplane.v1.TransferStatus>(this.shipper, 'GetTransfer', key);
      if (status.state === TransferState.TRANSFER_STATE_COMPLETED) {
        await onCheckpoint(disk.capacityBytes, Number(status.wireBytes));
        return { bytesCopied: Number(status.wireBytes), bytesSkippedZero: 0, sha256: Buffer.from(status.diskDigest).toString('hex') };
      }
      if (status.state === TransferState.TRANSFER_STATE_FAILED) {
        throw new UnavailableError(`copy of disk ${disk.diskKey} (${disk.datastorePath}) failed in prem-manager: ${status.error}; retry the migration to resume it`);
      }
      await new Promise((resolve) => setTimeout(resolve, this.endpoints.pollMs ?? 1000));
    }
  }
}
