// The side effects of migrate back's steps (the itinerary in migration/itineraries/back.ts).
import type { VmRef } from '../migration';

/** One disk on its way back: the cloud VM's disk (by its index in the VM) into the prem disk. */
export interface DiskToShipBack {
  readonly diskKey: string;
  /** The disk's position among the cloud VM's disks (the source VM's disk order). */
  readonly index: number;
  readonly capacityBytes: number;
  /** The prem disk as the prem vCenter names it, "[datastore] folder/disk.vmdk". */
  readonly premDatastorePath: string;
  /** Its LUN of the cache volume (read when the way back starts from the cache). */
  readonly lun: number;
  /** The plan's cap on the disk's wire rate, in bytes per second (the way back crosses the same link); 0 = none. */
  readonly maxBytesPerSecond: number;
}

/**
 * Where the cloud side of the disks is read: the cloud VM's storage disks (what changed found by
 * comparing hashes), or the cache volume it runs over (what changed is the cache's written-chunk bitmap).
 */
export type ShipBackSource = { readonly kind: 'storage'; readonly cloudVm: VmRef } | { readonly kind: 'cache'; readonly iqn: string };

export type BackEffect =
  | { readonly kind: 'PowerOffCloudTarget'; readonly migrationId: string; readonly targetVm: VmRef; readonly guestShutdownTimeoutMs: number }
  | { readonly kind: 'ShipBack'; readonly migrationId: string; readonly from: ShipBackSource; readonly disks: readonly DiskToShipBack[] }
  | {
      readonly kind: 'RestorePremGuest';
      readonly migrationId: string;
      readonly sourceVm: VmRef;
      /** One run per attempt (guest-prep answers a finished run from its events). */
      readonly restoreId: string;
      /** The prem disks' flat extents, in the VM's disk order, as ShipBack wrote them. */
      readonly premDisks: readonly string[];
      /** The network files captured at preparation, by guest path (empty: none were). */
      readonly networkFiles: Readonly<Record<string, string>>;
      readonly undoPrep: boolean;
    }
  | {
      /** After the way back (not a step of the itinerary): the cloud VM and its disks removed on request. */
      readonly kind: 'PurgeCloud';
      readonly migrationId: string;
      /** The disks the move put on cloud storage ("[datastore] path"), removed if the VM's removal left them. */
      readonly storageDisks: readonly string[];
    }
  | {
      readonly kind: 'PowerOnPremSource';
      readonly migrationId: string;
      readonly sourceVm: VmRef;
      /** From the cache: the volume is deleted and prem stops serving the disks before the prem VM writes to them. */
      readonly releaseCache?: { readonly iqn: string; readonly diskKeys: readonly string[] };
    };
