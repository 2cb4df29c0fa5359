// The side effects a migration asks for, one per step; the effect runner carries them out.
import type { MigrationMode, SourceHardware, TargetPlacement, VmRef } from '../migration';
import type { WarmEffect } from './warm-effects';
import type { BackEffect } from './back-effects';
import type { ChangedArea, PrecopyEffect } from './precopy-ports';

export type { WarmEffect } from './warm-effects';
export type { BackEffect, DiskToShipBack, ShipBackSource } from './back-effects';
export type { PrecopyEffect } from './precopy-ports';

/** One disk to copy, and where its copy resumes. */
export interface DiskToCopy {
  readonly diskKey: string;
  readonly datastorePath: string;
  readonly capacityBytes: number;
  readonly resumeOffset: number;
  /** The cloud datastore the plan's storage map sends this disk to. */
  readonly targetDatastore: string;
  /** The plan's cap on this disk's wire rate, in bytes per second; 0 = none. */
  readonly maxBytesPerSecond: number;
  /** Warm: the LUN of the migration's cache volume this disk hydrates. */
  readonly lun?: number;
  /** Since when (unix ms) this attempt's copy has been waiting (DiskCopyWaiting), when it is: a resumed run keeps the clock. */
  readonly waitingSince?: number;
  /** Pre-copy: one sync generation of the disk, read from its snapshot (without it: the one full copy of the live disk). */
  readonly sync?: DiskSyncGeneration;
}

/** Pre-copy: what one sync generation of a disk sends. */
export interface DiskSyncGeneration {
  readonly generation: number;
  /** The disk as of the sync's snapshot (a datastore: locator). */
  readonly sourceLocator: string;
  /**
   * 'full': every chunk (the full sync); 'changed': only `changedChunks` (CBT's list), each as its changed span
   * when `changedAreas` (CBT's areas) come too; 'hashes': the chunks whose
   * hashes differ between source and target (a sync redone after its snapshot was lost, when CBT's list is gone).
   */
  readonly mode: 'full' | 'changed' | 'hashes';
  readonly changedChunks?: readonly number[];
  readonly changedAreas?: readonly ChangedArea[];
  /** Re-hash the whole source for the digest (the final sync) instead of trusting the last sync's hashes. */
  readonly rehashSource: boolean;
}

/** One disk of the target VM, on its mapped datastore. */
export interface TargetDisk {
  readonly diskKey: string;
  readonly capacityBytes: number;
  readonly datastore: string;
}

/** One NIC of the target VM: the source's MAC on the mapped network. */
export interface TargetNic {
  readonly macAddress: string;
  readonly network: string;
  readonly adapter: string;
}

/** One disk of the replica: the flat extent the data plane wrote for it on its mapped datastore. */
export interface ReplicaDisk {
  readonly diskKey: string;
  readonly datastore: string;
}

export type Effect =
  /** targetDatastores: the distinct cloud datastores the storage map sends the disks to (checked for room). */
  | { readonly kind: 'ValidateSource'; readonly migrationId: string; readonly sourceVm: VmRef; readonly mode: MigrationMode; readonly targetDatastores: readonly string[] }
  | { readonly kind: 'PowerOffSource'; readonly migrationId: string; readonly sourceVm: VmRef; readonly guestShutdownTimeoutMs: number }
  | { readonly kind: 'CopyDisks'; readonly migrationId: string; readonly sourceVm: VmRef; readonly disks: readonly DiskToCopy[] }
  | {
      readonly kind: 'CreateTargetVm';
      readonly migrationId: string;
      readonly name: string;
      readonly hardware: SourceHardware;
      readonly nics: readonly TargetNic[];
      readonly disks: readonly TargetDisk[];
      readonly placement: TargetPlacement;
    }
  | {
      readonly kind: 'RunFixup';
      readonly migrationId: string;
      readonly targetVm: VmRef;
      /** One fixup run per attempt: a re-sent effect (appliance restart) joins or replays it. */
      readonly fixupId: string;
      /** The replica's disks in the source VM's disk order (the first is the boot disk). */
      readonly disks: readonly ReplicaDisk[];
      /** The target VM's NICs: the source MACs on the mapped networks. */
      readonly nics: readonly TargetNic[];
    }
  | { readonly kind: 'PowerOnTarget'; readonly migrationId: string; readonly targetVm: VmRef }
  | { readonly kind: 'CompleteMigration'; readonly migrationId: string }
  | WarmEffect
  | BackEffect
  | PrecopyEffect
  | {
      readonly kind: 'Compensate';
      readonly migrationId: string;
      /** The source VM to power back on, when the migration powered it off. */
      readonly powerOnSource?: VmRef;
      /** Remove cloud objects tagged with the migration id (and this VM, when recorded). */
      readonly removeTarget: boolean;
      readonly targetVm?: VmRef;
      /** Warm: delete the migration's cache volume and stop prem serving these disks. */
      readonly removeCacheVolume?: { readonly iqn: string; readonly diskKeys: readonly string[] };
      /** Pre-copy: stop the sync under way (its generation's transfers) and remove the migration's snapshots of the source. */
      readonly removeSnapshots?: {
        readonly sourceVm: VmRef;
        readonly prefix: string;
        readonly generation?: number;
        readonly diskKeys: readonly string[];
        /** CBT was off before the migration switched it on: switch it off again. */
        readonly switchOffChangeTracking: boolean;
      };
    };

export type EffectKind = Effect['kind'];

/** The effect of one kind. */
export type EffectOf<K extends EffectKind> = Extract<Effect, { kind: K }>;
