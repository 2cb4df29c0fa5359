// The ports migrate back's steps drive, beside cold's and warm's. The cloud VM's power goes through the
// warm target port; the prem VM's through the source port.
import type { DiskShippedBack } from '../migration';
import type { DiskToShipBack, ShipBackSource } from './back-effects';
import type { EffectOf } from './effects';

/** One disk's return so far, as the data plane reports it. */
export interface ShipBackProgressReport {
  readonly chunksCompared: number;
  readonly chunksShipped: number;
  readonly chunksTotal: number;
}

/** One disk returned: the prem disk now equals the cloud disk (ShippedBack's record of it, less the key). */
export type ShippedDisk = Omit<DiskShippedBack, 'diskKey'>;

/**
 * The prem guest on its disks made what it was on prem before its VM runs again (guest-prep): its
 * network files as captured at preparation, the preparation undone when asked. Returns guest-prep's
 * steps, one line each; rejects with guest-prep's reason when the run failed.
 */
export interface PremGuestPort {
  restore(effect: EffectOf<'RestorePremGuest'>): Promise<string[]>;
}

/** The data plane run backwards: cloud disk → prem disk, only the chunks that differ. Idempotent and resumable. */
export interface ShipBackPort {
  /** `signal`: the runner is stopping (shutdown, or this replica no longer leads) — stop following the transfer (it goes on in prem-manager). */
  ship(migrationId: string, from: ShipBackSource, disk: DiskToShipBack, onProgress: (progress: ShipBackProgressReport) => Promise<void>, signal?: AbortSignal): Promise<ShippedDisk>;
}
