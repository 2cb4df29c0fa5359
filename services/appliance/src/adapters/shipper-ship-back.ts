// ShipBackPort through prem-manager's Shipper control RPC: the same transfer as a copy, run backwards.
// prem-manager dials cloud-manager's block source (the cloud VM's disk, exported through the cloud
// vCenter: nfc-vm:<moref>/<index>) and prem-esxi-manager's block writer (the prem disk's flat extent,
// written in place), so every connection still starts on prem. TRANSFER_MODE_DELTA_HASHES: the prem
// disk's chunk hashes against the cloud disk's decide what ships, so only chunks that differ cross the
// wire, and the writer's digest of the whole disk must equal the cloud disk's for the transfer to
// complete. Idempotent per migration + disk (generation 2, the way back): a retry or a restart resumes.
import { posix } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import { UnavailableError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { pause, unaryCall } from '@ferry/service-kit';
import type { VmRef } from '../migration';
import type { DiskToShipBack } from '../orchestration';
import type { ShipBackPort, ShipBackProgressReport, ShippedDisk } from '../orchestration/back-ports';
import { parseDatastorePath } from './datastore-layout';

const { TransferMode, TransferState } = ferry.dataplane.v1;
type Status = ferry.dataplane.v1.TransferStatus;

/** The transfer generation of the way back (the copy or hydration to the cloud was 1). */
export const SHIP_BACK_GENERATION = 2;

export interface ShipBackEndpoints {
  /** host:port of cloud-manager's block source (BLOCK_READ_PORT), as prem-manager reaches it. */
  readonly cloudSource: string;
  /** host:port of prem-esxi-manager's block writer (BLOCK_WRITE_PORT), as prem-manager reaches it. */
  readonly premWriter: string;
  /** Where prem-esxi-manager sees the prem datastores (<dir>/<datastore>/…). */
  readonly premVolumes: string;
  readonly pollMs?: number;
  /** How long prem-manager may be unreachable before the step fails (default 2 min). */
  readonly outageMs?: number;
}

/**
 * The flat extent of a prem disk as prem-esxi-manager writes it: ESXi keeps a flat disk's data in
 * "<name>-flat.vmdk" beside its descriptor "<name>.vmdk".
 */
export function premFlatExtent(premVolumes: string, datastorePath: string): string {
  const { datastore, path } = parseDatastorePath(datastorePath);
  return posix.join(premVolumes, datastore, path.replace(/\.vmdk$/i, '-flat.vmdk'));
}

export class ShipperShipBack implements ShipBackPort {
  constructor(private readonly shipper: Client, private readonly endpoints: ShipBackEndpoints) {}

  async ship(migrationId: string, cloudVm: VmRef, disk: DiskToShipBack, onProgress: (progress: ShipBackProgressReport) => Promise<void>): Promise<ShippedDisk> {
    const key = { migrationId, diskId: disk.diskKey, generation: SHIP_BACK_GENERATION };
    const premPath = premFlatExtent(this.endpoints.premVolumes, disk.premDatastorePath);
    const cloudSource = `nfc-vm:${cloudVm.moref}/${disk.index}`;
    const start = (): Promise<Status> =>
      unaryCall<ferry.dataplane.v1.IStartTransferRequest, Status>(this.shipper, 'StartTransfer', {
        ...key, sourceEndpoint: this.endpoints.cloudSource, sourceLocator: cloudSource, targetEndpoint: this.endpoints.premWriter, targetPath: premPath,
        mode: TransferMode.TRANSFER_MODE_DELTA_HASHES,
      });
    const outageMs = this.endpoints.outageMs ?? 120_000;
    let reachedAt = Date.now();
    let needsStart = true;
    for (;;) {
      let status: Status;
      try {
        status = needsStart ? await start() : await unaryCall<ferry.dataplane.v1.IGetTransferRequest, Status>(this.shipper, 'GetTransfer', key);
        needsStart = false;
        reachedAt = Date.now();
      } catch (error) {
        if (Date.now() - reachedAt > outageMs) {
          throw new UnavailableError(`prem-manager did not answer for ${outageMs} ms while shipping disk ${disk.diskKey} back to ${disk.premDatastorePath}: ${String(error)}; retry the migration once it runs`, { cause: error });
        }
        needsStart = true; // prem-manager may have restarted: StartTransfer again (idempotent) before polling
        await pause(this.endpoints.pollMs ?? 500);
        continue;
      }
      const where = `disk ${disk.diskKey} (${cloudSource} → ${disk.premDatastorePath})`;
      const total = Number(status.chunksTotal);
      const shipped = Number(status.chunksSent);
      if (status.state === TransferState.TRANSFER_STATE_COMPLETED) {
        await onProgress({ chunksCompared: total, chunksShipped: shipped, chunksTotal: total });
        return { premPath, cloudSource, chunksTotal: total, chunksShipped: shipped, wireBytes: Number(status.wireBytes), sha256: Buffer.from(status.diskDigest).toString('hex') };
      }
      if (status.state === TransferState.TRANSFER_STATE_FAILED) {
        throw new UnavailableError(`shipping ${where} back failed in prem-manager: ${status.error}; the cloud VM stays off with its disks: fix the cause, then retry the migration (it resumes where the prem writer's chunk map says)`);
      }
      if (status.state === TransferState.TRANSFER_STATE_CANCELLED) {
        throw new UnavailableError(`shipping ${where} back was cancelled in prem-manager (CancelTransfer); retry the migration to resume it`);
      }
      // The hash comparison is over once the total is known; the differing chunks then ship.
      if (total > 0) await onProgress({ chunksCompared: total, chunksShipped: shipped, chunksTotal: total });
      await pause(this.endpoints.pollMs ?? 500);
    }
  }
}
