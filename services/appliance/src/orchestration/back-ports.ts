// The ports migrate back's steps drive, beside cold's and warm's. The cloud VM's power goes through the
// warm target port; the prem VM's through the source port.
import type { DiskShippedBack } from '../migration';
import type { DiskToShipBack, ShipBackSource } from './back-effects';

/** One disk's return so far, as the data plane reports it. */
export interface ShipBackProgressReport {
  readonly chunksCompared: number;
  readonly chunksShipped: number;
  readonly chunksTotal: number;
}

/** One disk returned: the prem disk now equals the cloud disk (ShippedBack's record of it, less the key). */
export type ShippedDisk = Omit<DiskShippedBack, 'diskKey'>;

/** The data plane run backwards: cloud disk → prem disk, only the chunks that differ. Idempotent and resumable. */
export interface ShipBackPort {
  ship(migrationId: string, from: ShipBackSource, disk: DiskToShipBack, onProgress: (progress: ShipBackProgressReport) => Promise<void>): Promise<ShippedDisk>;
}
