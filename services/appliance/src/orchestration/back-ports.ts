// The ports migrate back's steps drive, beside cold's and warm's. The cloud VM's power goes through the
// warm target port; the prem VM's through the source port.
import type { DiskToShipBack, ShipBackSource } from './back-effects';

/** One disk's return so far, as the data plane reports it. */
export interface ShipBackProgressReport {
  readonly chunksCompared: number;
  readonly chunksShipped: number;
  readonly chunksTotal: number;
}

/** One disk returned: the prem disk now equals the cloud disk. */
export interface ShippedDisk {
  readonly premPath: string;
  readonly cloudSource: string;
  readonly chunksTotal: number;
  /** Chunks that differed (by hash, or written in the cloud by the cache's bitmap); only these crossed the wire. */
  readonly chunksShipped: number;
  readonly wireBytes: number;
  /** Digest of the whole disk's chunk hashes, the same on both sides (hex). */
  readonly sha256: string;
}

/** The data plane run backwards: cloud disk → prem disk, only the chunks that differ. Idempotent and resumable. */
export interface ShipBackPort {
  ship(migrationId: string, from: ShipBackSource, disk: DiskToShipBack, onProgress: (progress: ShipBackProgressReport) => Promise<void>): Promise<ShippedDisk>;
}
