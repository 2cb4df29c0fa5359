// ShipBackPort through prem-manager's Shipper control RPC: the same transfer as a copy, run backwards,
// into prem-esxi-manager's block writer (the prem disk's flat extent, written in place); every connection
// still starts on prem. Two sources:
// - storage: cloud-manager's block source reads the cloud VM's disk through the cloud vCenter's NFC export
//   (nfc-vm:<moref>/<index>) and TRANSFER_MODE_DELTA_HASHES ships the chunks whose hashes differ;
// - cache: cloud-cache's block source reads the cache volume's LUN (cache:<iqn>/<lun>) and
//   TRANSFER_MODE_DELTA_CHANGED ships the chunks its written-chunk bitmap names (exact: every other chunk
//   is the prem disk's own), after the hydration into the cache is stopped.
// Either way the writer's digest of the whole disk must equal the sender's for the transfer to complete.
// Idempotent per migration + disk (generation 2, the way back): a retry or a restart resumes.
import { posix } from 'node:path';
import { UnavailableError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { pause } from '@ferry/service-kit';
import type { TransferControl } from '@ferry/transfer-queue';
import { RUNNER_STOPPING, type DiskToShipBack, type ShipBackSource } from '../orchestration';
import type { ShipBackPort, ShipBackProgressReport, ShippedDisk } from '../orchestration/back-ports';
import { parseDatastorePath } from './datastore-layout';

const { TransferMode, TransferState } = ferry.dataplane.v1;
type Status = ferry.dataplane.v1.TransferStatus;

/** The transfer generation of the way back (the copy or hydration to the cloud was 1). */
export const SHIP_BACK_GENERATION = 2;
const HYDRATION_GENERATION = 1;

export interface ShipBackEndpoints {
  /** host:port of cloud-manager's block source (BLOCK_READ_PORT), as prem-manager reaches it. */
  readonly cloudSource: string;
  /** host:port of cloud-cache's block source (its BLOCK_READ_PORT), as prem-manager reaches it. */
  readonly cacheSource: string;
  /** The chunks of a cache volume's LUN written in the cloud (cloud-cache's bitmap). */
  readonly cacheWrites: (iqn: string, lun: number) => Promise<number[]>;
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
  constructor(private readonly shipper: TransferControl, private readonly endpoints: ShipBackEndpoints) {}

  async ship(migrationId: string, from: ShipBackSource, disk: DiskToShipBack, onProgress: (progress: ShipBackProgressReport) => Promise<void>, signal?: AbortSignal): Promise<ShippedDisk> {
    const key = { migrationId, diskId: disk.diskKey, generation: SHIP_BACK_GENERATION };
    const premPath = premFlatExtent(this.endpoints.premVolumes, disk.premDatastorePath);
    let request: ferry.dataplane.v1.IStartTransferRequest;
    if (from.kind === 'storage') {
      const sourceLocator = `nfc-vm:${from.cloudVm.moref}/${disk.index}`;
      request = { sourceEndpoint: this.endpoints.cloudSource, sourceLocator, mode: TransferMode.TRANSFER_MODE_DELTA_HASHES };
    } else {
      // Nothing may land in the cache from prem while its chunks go the other way.
      await this.stopHydration(migrationId, disk.diskKey);
      const changedChunks = await this.endpoints.cacheWrites(from.iqn, disk.lun);
      request = { sourceEndpoint: this.endpoints.cacheSource, sourceLocator: `cache:${from.iqn}/${disk.lun}`, mode: TransferMode.TRANSFER_MODE_DELTA_CHANGED, changedChunks };
    }
    const cloudSource = request.sourceLocator ?? '';
    const start = (): Promise<Status> =>
      this.shipper.start({
        ...key, ...request, targetEndpoint: this.endpoints.premWriter, targetPath: premPath, maxBytesPerSecond: disk.maxBytesPerSecond,
      });
    const outageMs = this.endpoints.outageMs ?? 120_000;
    let reachedAt = Date.now();
    let needsStart = true;
    for (;;) {
      // The appliance is shutting down: stop following the transfer (it goes on in prem-manager; the next
      // start of the appliance resumes the step and follows it again).
      if (signal?.aborted === true) {
        throw new UnavailableError(`stopped following disk ${disk.diskKey} back to ${disk.premDatastorePath}: ${RUNNER_STOPPING}; the transfer goes on in prem-manager and the migration resumes when a runner starts again`);
      }
      let status: Status;
      try {
        status = needsStart ? await start() : await this.shipper.status(key);
        needsStart = false;
        reachedAt = Date.now();
      } catch (error) {
        if (Date.now() - reachedAt > outageMs) {
          throw new UnavailableError(`prem-manager did not answer for ${outageMs} ms while shipping disk ${disk.diskKey} back to ${disk.premDatastorePath}: ${String(error)}; retry the migration once it runs`, { cause: error });
        }
        needsStart = true; // prem-manager may have restarted: StartTransfer again (idempotent) before polling
        await pause(this.endpoints.pollMs ?? 500, signal);
        continue;
      }
      const where = `disk ${disk.diskKey} (${cloudSource} → ${disk.premDatastorePath})`;
      const total = Number(status.chunksTotal);
      const shipped = Number(status.chunksSent);
      if (status.state === TransferState.TRANSFER_STATE_COMPLETED) {
        // A changed-list transfer compares nothing: every chunk not listed is the prem disk's own.
        await onProgress({ chunksCompared: total, chunksShipped: shipped, chunksTotal: total });
        return { premPath, cloudSource, chunksTotal: total, chunksShipped: shipped, wireBytes: Number(status.wireBytes), sha256: Buffer.from(status.diskDigest).toString('hex') };
      }
      if (status.state === TransferState.TRANSFER_STATE_FAILED) {
        throw new UnavailableError(`shipping ${where} back failed in prem-manager: ${status.error}; the cloud VM stays off with its disks: fix the cause, then retry the migration (it resumes where the prem writer's chunk map says)`);
      }
      if (status.state === TransferState.TRANSFER_STATE_CANCELLED) {
        throw new UnavailableError(`shipping ${where} back was cancelled in prem-manager (CancelTransfer); retry the migration to resume it`);
      }
      // The hash comparison (or the changed list) is settled once the total is known; the differing chunks then ship.
      if (total > 0) await onProgress({ chunksCompared: total, chunksShipped: shipped, chunksTotal: total });
      await pause(this.endpoints.pollMs ?? 500, signal);
    }
  }

  /** Cancels the disk's hydration transfer (prem → cache), if any; one that never started or ended is fine. */
  private async stopHydration(migrationId: string, diskKey: string): Promise<void> {
    try {
      await this.shipper.cancel({ migrationId, diskId: diskKey, generation: HYDRATION_GENERATION });
    } catch (error) {
      if ((error as { code?: number }).code !== 5) throw error; // NOT_FOUND: no hydration to stop
    }
  }
}
