// The ports and effects of a pre-copy migration's own steps (the itinerary in migration/itineraries/precopy.ts).
// The adapter (adapters/vsphere-precopy.ts) drives the prem vCenter: CBT, snapshots, QueryChangedDiskAreas.
import type { SyncedDisk, VmRef } from '../migration';
import type { DiskToCopy } from './effects';

/** One disk of a sync's snapshot: how QueryChangedDiskAreas names it and where its frozen data is read. */
export interface SnapshotDiskOfSync {
  readonly diskKey: string;
  /** The disk's CBT changeId at the snapshot. */
  readonly changeId: string;
  /** A datastore: locator of the disk as of the snapshot (read over the datastore /folder). */
  readonly sourceLocator: string;
  readonly capacityBytes: number;
}

/** A sync's snapshot of the source VM. */
export interface SyncSnapshot {
  /** Managed object id, e.g. snapshot-12. */
  readonly snapshot: string;
  readonly disks: readonly SnapshotDiskOfSync[];
}

/** A changed byte range of a disk, as CBT reports it. */
export interface ChangedArea {
  readonly offset: number;
  readonly length: number;
}

/** The chunks of one disk that changed since a changeId, and the bytes CBT reported changed. */
export interface ChangedChunks {
  readonly chunks: readonly number[];
  readonly changedBytes: number;
  /**
   * CBT's changed areas themselves, when they are few enough to send (MAX_CHANGED_AREAS): the data plane
   * then sends each changed chunk from its first changed byte to its last instead of whole.
   */
  readonly areas?: readonly ChangedArea[];
}

/** CBT and snapshots of the source VM on the prem vCenter. */
export interface PrecopyPort {
  /** Switches CBT on (idempotent); a VM whose CBT cannot be switched on is a ValidationError naming the fix. */
  enableChangeTracking(vm: VmRef): Promise<{ wasEnabled: boolean }>;
  /** Switches CBT off again (a cancelled migration leaves the VM as it found it); idempotent. */
  disableChangeTracking(vm: VmRef): Promise<void>;
  /** Takes a snapshot named `name` (no memory, no quiescing) and describes its disks. */
  takeSnapshot(vm: VmRef, name: string): Promise<SyncSnapshot>;
  /** The snapshot's disks, or undefined when the snapshot no longer exists. */
  findSnapshot(vm: VmRef, snapshot: string): Promise<SyncSnapshot | undefined>;
  /** The chunks (of `chunkSize` bytes) of the disk that changed between `sinceChangeId` and the snapshot. */
  changedChunks(vm: VmRef, snapshot: string, diskKey: string, sinceChangeId: string, capacityBytes: number, chunkSize: number): Promise<ChangedChunks>;
  /** Removes every snapshot of the VM whose name starts with `prefix` (the migration's); returns their names. */
  removeSnapshots(vm: VmRef, prefix: string): Promise<string[]>;
}

/** One disk of a pre-copy sync, as the effect carries it. */
export interface DiskToSync extends Omit<DiskToCopy, 'resumeOffset'> {
  /** The changeId of the last completed sync ('' for the full sync). */
  readonly sinceChangeId: string;
}

export type PrecopyEffect =
  | { readonly kind: 'EnableChangeTracking'; readonly migrationId: string; readonly sourceVm: VmRef }
  | {
      readonly kind: 'PrecopySync';
      readonly migrationId: string;
      readonly sourceVm: VmRef;
      /** 1 = the full sync; the final one (at cutover) is the last. */
      readonly generation: number;
      /** The cutover's sync: the source is powered off first (if not yet), the source re-hashed. */
      readonly final: boolean;
      /** Not before this time (unix ms): the next delta sync waits for its interval. */
      readonly notBefore?: number;
      readonly disks: readonly DiskToSync[];
      /** The sync under way when the effect was planned (a restart resumes it), if any. */
      readonly resume?: { readonly snapshot: string; readonly snapshotAt: number; readonly disks: readonly SyncedDisk[] };
      /** The source is already off (the cutover's power-off was recorded). */
      readonly sourceOff: boolean;
      readonly guestShutdownTimeoutMs: number;
    };
