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
}

export type BackEffect =
  | { readonly kind: 'PowerOffCloudTarget'; readonly migrationId: string; readonly targetVm: VmRef; readonly guestShutdownTimeoutMs: number }
  | { readonly kind: 'ShipBack'; readonly migrationId: string; readonly targetVm: VmRef; readonly disks: readonly DiskToShipBack[] }
  | { readonly kind: 'PowerOnPremSource'; readonly migrationId: string; readonly sourceVm: VmRef };
