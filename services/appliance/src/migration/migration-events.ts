// The migration aggregate's events, as plain typed records. Their wire form is the protobuf messages
// in proto/ferry/migration/v1/events.proto (see migration-codec.ts); field names match those messages.

/** A VM as a vCenter names it. */
export interface VmRef {
  readonly vcenter: string;
  readonly moref: string;
  readonly name: string;
}

/** One virtual disk of the source VM. */
export interface DiskRef {
  readonly key: string;
  readonly datastorePath: string;
  readonly capacityBytes: number;
}

export interface NetworkMapping {
  readonly sourceNetwork: string;
  readonly targetNetwork: string;
}

export interface StorageMapping {
  readonly sourceDatastore: string;
  readonly targetDatastore: string;
}

export interface TargetPlacement {
  readonly folder: string;
  readonly resourcePool: string;
  readonly datacenter: string;
}

export interface SourceNic {
  readonly macAddress: string;
  readonly network: string;
  readonly adapter: string;
}

/** The source VM's virtual hardware as validation saw it; the target VM is created from it. */
export interface SourceHardware {
  readonly numCpus: number;
  readonly coresPerSocket: number;
  readonly memoryMib: number;
  readonly firmware: string;
  readonly guestId: string;
  readonly nics: readonly SourceNic[];
}

/** Warm: one LUN of the cache volume, caching one source disk. */
export interface CacheLun {
  readonly diskKey: string;
  readonly lun: number;
  readonly virtualSize: number;
}

/** Warm: one disk moved from the cache volume onto the mapped cloud datastore. */
export interface MovedDisk {
  readonly diskKey: string;
  readonly datastorePath: string;
  readonly bytes: number;
  /** Chunks the guest wrote while it ran over the cache; every other chunk equals the source. */
  readonly chunksWrittenInCloud: number;
  /** Which chunks those are, as closed index ranges. */
  readonly writtenInCloud: readonly ChunkSpan[];
  /** Bytes fetched from prem for the guest's reads, as cloud-cache counted them. */
  readonly bytesFetchedOnDemand: number;
}

/** One LUN moved onto its datastore during MoveToStorage, before the switch (a retry reuses it). */
export interface MovedLunRecord {
  readonly disk: MovedDisk;
  readonly lun: number;
  /** The VM the import made for the disk (unregistered at the switch). */
  readonly shellVm: string;
  readonly capacityBytes: number;
}

/** Migrate back: one prem disk written back from its cloud disk. */
export interface DiskShippedBack {
  readonly diskKey: string;
  readonly premPath: string;
  readonly cloudSource: string;
  readonly chunksTotal: number;
  /** Chunks that differed; only these crossed the wire. */
  readonly chunksShipped: number;
  readonly wireBytes: number;
  /** Digest of the whole disk's chunk hashes, which both sides agreed on. */
  readonly sha256: string;
}

import type { DowntimePrediction } from './downtime-prediction';

/** Pre-copy: one disk of a sync (ferry.migration.v1.SyncedDisk). */
export interface SyncedDisk {
  readonly diskKey: string;
  /** The disk's CBT changeId at the sync's snapshot: the next delta is queried from it. */
  readonly changeId: string;
  /** The changeId the delta was queried from; '' for the full sync. */
  readonly sinceChangeId: string;
  /** What travels: 'full' (the full sync), 'changed' (CBT's list), 'hashes' (a hash comparison: the sync was redone after its snapshot was lost). */
  readonly mode: string;
  /** Where the snapshot's disk is read (a datastore: locator). */
  readonly sourceLocator: string;
  readonly chunks: number;
  readonly bytes: number;
  readonly changedBytes: number;
  /** Once completed: the whole-disk digest the receiver verified. */
  readonly sha256: string;
  readonly wireBytes: number;
}

/** How a disk's copy chose what to send: every chunk, a changed-block list, or a hash comparison. */
export type CopyMode = 'full' | 'changed' | 'hashes';
export const COPY_MODES: readonly CopyMode[] = ['full', 'changed', 'hashes'];

/**
 * What a disk's completed copy put on its target and what it cost, as the data plane counted it
 * (DiskCopyCompleted). bytesCopied + bytesSkippedZero + bytesUnchanged = the disk's capacity.
 */
export interface DiskCopyRecord {
  /** Bytes of the data chunks the receiver verified on the target. */
  readonly bytesCopied: number;
  /** Bytes of zero chunks, on the target without a payload. */
  readonly bytesSkippedZero: number;
  /** Bytes a delta left as they were (unchanged since the previous generation); 0 for a full copy. */
  readonly bytesUnchanged: number;
  /** Frames on the wire, resends included. */
  readonly wireBytes: number;
  /** Bytes read from the source disk, resends included. */
  readonly sourceBytes: number;
  /** The whole-disk digest the receiver verified. */
  readonly sha256: string;
  /** 1 for a cold copy or a first sync; +1 per delta sync (0 in copies recorded before generations were). */
  readonly generation: number;
  /** A CopyMode ('' in copies recorded before modes were). */
  readonly mode: CopyMode | '';
}

/** A closed range of chunk indexes [first, last]. */
export interface ChunkSpan {
  readonly first: number;
  readonly last: number;
}

/** Metadata in every event; actor, command id and trace also travel in the store's record. */
export interface EventMeta {
  readonly migrationId: string;
  /** Unix milliseconds, from the command. */
  readonly at: number;
  readonly causeCommandId: string;
}

/** The steps of every itinerary (values of ferry.migration.v1.Step); cold's first, then warm's own. */
export const Step = {
  Validate: 1,
  PowerOffSource: 2,
  CopyDisks: 3,
  CreateTarget: 4,
  Fixup: 5,
  PowerOnTarget: 6,
  Complete: 7,
  PrepareGuest: 8,
  CreateCacheVolume: 9,
  CreateTargetOverCache: 10,
  AwaitBootOverCache: 11,
  Hydrate: 12,
  MoveToStorage: 13,
  ReleaseCache: 14,
  PowerOffCloudTarget: 15,
  ShipBack: 16,
  PowerOnPremSource: 17,
  RestorePremGuest: 18,
  EnableChangeTracking: 19,
  PrecopySync: 20,
} as const;
export type Step = (typeof Step)[keyof typeof Step];

/** Migration modes (values of ferry.migration.v1.MigrationMode). */
export const MigrationMode = { Cold: 1, Warm: 2, Precopy: 3 } as const;
export type MigrationMode = (typeof MigrationMode)[keyof typeof MigrationMode];

export type MigrationEvent =
  | {
      type: 'MigrationPlanned';
      data: {
        meta: EventMeta;
        planId: string;
        sourceVm: VmRef;
        mode: MigrationMode;
        networkMap: readonly NetworkMapping[];
        storageMap: readonly StorageMapping[];
        target: TargetPlacement;
        disks: readonly DiskRef[];
        /** Each disk transfer's wire-rate cap in bytes per second; 0 = none. */
        maxDiskBytesPerSecond: number;
        /** Warm: the operator accepted "Not qualified" rows of the support matrix. */
        acceptUnqualified: boolean;
        /** Pre-copy: seconds between two delta syncs; 0 for other modes. */
        precopyIntervalSeconds: number;
      };
    }
  | { type: 'MigrationValidated'; data: { meta: EventMeta; warnings: readonly string[]; hardware: SourceHardware; sourcePowerState: string } }
  | { type: 'GuestPrepared'; data: { meta: EventMeta; guestOs: string; steps: readonly string[]; prepId: string; networkJson: string } }
  | { type: 'CacheVolumeCreated'; data: { meta: EventMeta; iqn: string; portal: string; chapUser: string; luns: readonly CacheLun[] } }
  | { type: 'BootedOverCache'; data: { meta: EventMeta; iscsiTargetIqn: string; initiators: readonly string[] } }
  | { type: 'HydrationCompleted'; data: { meta: EventMeta; bytesHydrated: number } }
  | { type: 'DiskMovedToStorage'; data: { meta: EventMeta } & MovedLunRecord }
  | { type: 'MovedToStorage'; data: { meta: EventMeta; disks: readonly MovedDisk[]; switchoverMillis: number; networkSteps: readonly string[] } }
  | { type: 'CacheReleased'; data: { meta: EventMeta; iqn: string; steps: readonly string[] } }
  | { type: 'SourcePoweredOff'; data: { meta: EventMeta; method: string; wasPoweredOn: boolean } }
  | { type: 'DiskCopyStarted'; data: { meta: EventMeta; diskKey: string; capacityBytes: number; changeId: string; resumeOffset: number } }
  | { type: 'DiskCopyCheckpointed'; data: { meta: EventMeta; diskKey: string; offset: number; bytesCopied: number } }
  /** The copy stopped moving and why (e.g. no space on its cloud datastore); an empty reason: it moves again. */
  | { type: 'DiskCopyWaiting'; data: { meta: EventMeta; diskKey: string; reason: string } }
  | { type: 'DiskCopyCompleted'; data: { meta: EventMeta; diskKey: string } & DiskCopyRecord }
  | { type: 'TargetCreated'; data: { meta: EventMeta; targetVm: VmRef; diskPaths: readonly string[] } }
  | { type: 'FixupCompleted'; data: { meta: EventMeta; steps: readonly string[] } }
  | { type: 'TargetPoweredOn'; data: { meta: EventMeta } }
  | { type: 'MigrationCompleted'; data: { meta: EventMeta; durationMillis: number; downtimeMillis: number } }
  | { type: 'MigrationFailed'; data: { meta: EventMeta; phase: number; reason: string; retryable: boolean; step: Step } }
  | { type: 'MigrationRetried'; data: { meta: EventMeta; step: Step; attempt: number } }
  /** The plan's disk rate cap changed; 0 = no cap. */
  | { type: 'DiskRateSet'; data: { meta: EventMeta; maxDiskBytesPerSecond: number } }
  | {
      type: 'MigrationCancelled';
      data: { meta: EventMeta; reason: string; powerOnSource: boolean; removeTarget: boolean; targetVm: VmRef; step: Step; removeCacheVolume: boolean };
    }
  | { type: 'CompensationCompleted'; data: { meta: EventMeta; steps: readonly string[] } }
  /** Migrate back (the itinerary in itineraries/back.ts). */
  | { type: 'MigrateBackRequested'; data: { meta: EventMeta; reason: string; undoPrep: boolean } }
  | { type: 'CloudTargetPoweredOff'; data: { meta: EventMeta; method: string } }
  | { type: 'ShipBackProgressed'; data: { meta: EventMeta; diskKey: string; chunksCompared: number; chunksShipped: number; chunksTotal: number } }
  | { type: 'ShippedBack'; data: { meta: EventMeta; disks: readonly DiskShippedBack[] } }
  | { type: 'PremGuestRestored'; data: { meta: EventMeta; restoreId: string; steps: readonly string[] } }
  | { type: 'MigratedBack'; data: { meta: EventMeta; bytesWrittenBack: number; chunksWrittenBack: number; downtimeMillis: number; durationMillis: number; steps: readonly string[]; diskDigests: readonly string[] } }
  /** Pre-copy (itineraries/precopy.ts): CBT is on for the source VM. */
  | { type: 'ChangeTrackingEnabled'; data: { meta: EventMeta; wasEnabled: boolean } }
  /** Pre-copy: a sync's snapshot exists (a restart resumes the sync, a cancel removes the snapshot). */
  | { type: 'DeltaSyncStarted'; data: { meta: EventMeta; generation: number; final: boolean; snapshot: string; disks: readonly SyncedDisk[]; snapshotAtMillis: number } }
  /** Pre-copy: a sync completed and its snapshot is gone; generation 1 is the full sync. */
  | {
      type: 'DeltaSyncCompleted';
      data: {
        meta: EventMeta; generation: number; final: boolean; bytes: number; chunks: number; durationMs: number; dirtyBytesPerMinute: number; wireBytes: number;
        disks: readonly SyncedDisk[]; changedBytes: number;
      };
    }
  /** Pre-copy: cut over once the sync under way (if any) completed. */
  | { type: 'CutoverRequested'; data: { meta: EventMeta; reason: string } }
  /** Pre-copy: the scheduler asks for the cutover at this time (cutover-schedule-commands.ts). */
  | { type: 'CutoverScheduled'; data: { meta: EventMeta; atMillis: number } }
  /** Pre-copy: the downtime predicted when the cutover was asked for (prediction/). */
  | { type: 'DowntimePredicted'; data: { meta: EventMeta; prediction: DowntimePrediction } }
  | { type: 'CloudPurgeRequested'; data: { meta: EventMeta; reason: string } }
  | { type: 'CloudPurged'; data: { meta: EventMeta; steps: readonly string[] } };

export type MigrationEventType = MigrationEvent['type'];

/** The event of a given type. */
export type EventOf<T extends MigrationEventType> = Extract<MigrationEvent, { type: T }>;

/** An empty VmRef: "no VM" in events whose proto field is always present. */
export const NO_VM: VmRef = { vcenter: '', moref: '', name: '' };
