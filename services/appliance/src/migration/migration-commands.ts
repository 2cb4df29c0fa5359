// Commands to the migration aggregate (imperative). Clock (`at`, unix ms) and ids come in on the command.
import type { CacheLun, DiskCopyRecord, DiskRef, DiskShippedBack, MovedDisk, MovedLunRecord, MigrationMode, NetworkMapping, SourceHardware, Step, StorageMapping, SyncedDisk, TargetPlacement, VmRef } from './migration-events';

import type { DowntimePrediction } from './downtime-prediction';

/** Fields every command carries. */
export interface CommandMeta {
  readonly commandId: string;
  readonly migrationId: string;
  /** Unix milliseconds: the decider reads no clock. */
  readonly at: number;
}

export type MigrationCommand =
  | {
      type: 'PlanMigration';
      data: {
        meta: CommandMeta;
        planId: string;
        sourceVm: VmRef;
        mode: MigrationMode;
        networkMap: readonly NetworkMapping[];
        storageMap: readonly StorageMapping[];
        target: TargetPlacement;
        disks: readonly DiskRef[];
        /** Each disk transfer's wire-rate cap in bytes per second; 0 = none. */
        maxDiskBytesPerSecond: number;
        /** Warm: go ahead with "Not qualified" rows of the support matrix. */
        acceptUnqualified: boolean;
        /** Pre-copy: seconds between two delta syncs (the API applies the minimum); 0 for other modes. */
        precopyIntervalSeconds: number;
      };
    }
  | {
      type: 'RecordValidation';
      data: {
        meta: CommandMeta;
        blockers: readonly string[];
        warnings: readonly string[];
        /** Findings of "Not qualified" support-matrix rows: warnings when the plan accepted them, blockers otherwise. */
        unqualified: readonly string[];
        hardware: SourceHardware;
        sourcePowerState: string;
      };
    }
  | { type: 'RecordGuestPrepared'; data: { meta: CommandMeta; guestOs: string; steps: readonly string[]; prepId: string; networkJson: string } }
  | { type: 'RecordCacheVolume'; data: { meta: CommandMeta; iqn: string; portal: string; chapUser: string; luns: readonly CacheLun[] } }
  | { type: 'RecordBootedOverCache'; data: { meta: CommandMeta; iqn: string; initiators: readonly string[] } }
  | { type: 'RecordHydration'; data: { meta: CommandMeta; bytesHydrated: number } }
  | { type: 'RecordDiskMoved'; data: { meta: CommandMeta } & MovedLunRecord }
  | { type: 'RecordMovedToStorage'; data: { meta: CommandMeta; disks: readonly MovedDisk[]; switchoverMillis: number; networkSteps: readonly string[] } }
  | { type: 'RecordCacheReleased'; data: { meta: CommandMeta; iqn: string; steps: readonly string[] } }
  | { type: 'RecordSourcePoweredOff'; data: { meta: CommandMeta; method: 'guest' | 'hard' | 'already'; wasPoweredOn: boolean } }
  | { type: 'StartDiskCopy'; data: { meta: CommandMeta; diskKey: string; changeId: string } }
  | { type: 'RecordDiskCopyProgress'; data: { meta: CommandMeta; diskKey: string; offset: number; bytesCopied: number } }
  /** Why the disk's copy is not moving (the data plane waits, e.g. for room on the datastore); '' once it moves again. */
  | { type: 'RecordDiskCopyWaiting'; data: { meta: CommandMeta; diskKey: string; reason: string } }
  | { type: 'CompleteDiskCopy'; data: { meta: CommandMeta; diskKey: string } & DiskCopyRecord }
  | { type: 'RecordTargetCreated'; data: { meta: CommandMeta; targetVm: VmRef; diskPaths: readonly string[] } }
  | { type: 'RecordFixup'; data: { meta: CommandMeta; steps: readonly string[] } }
  | { type: 'RecordTargetPoweredOn'; data: { meta: CommandMeta } }
  | { type: 'Complete'; data: { meta: CommandMeta } }
  | { type: 'Fail'; data: { meta: CommandMeta; step: Step; reason: string; retryable: boolean } }
  | { type: 'Retry'; data: { meta: CommandMeta } }
  /** The plan's new cap on each disk transfer's wire rate, in bytes per second; 0 lifts it. */
  | { type: 'SetDiskRate'; data: { meta: CommandMeta; maxDiskBytesPerSecond: number } }
  | { type: 'Cancel'; data: { meta: CommandMeta; reason: string } }
  | { type: 'RecordCompensation'; data: { meta: CommandMeta; steps: readonly string[] } }
  /** Migrate back: return a completed warm migration's VM to prem with what it wrote in the cloud. */
  | { type: 'MigrateBack'; data: { meta: CommandMeta; reason: string; undoPrep: boolean } }
  | { type: 'RecordCloudTargetPoweredOff'; data: { meta: CommandMeta; method: 'guest' | 'hard' | 'already' } }
  | { type: 'RecordShipBackProgress'; data: { meta: CommandMeta; diskKey: string; chunksCompared: number; chunksShipped: number; chunksTotal: number } }
  | { type: 'RecordShippedBack'; data: { meta: CommandMeta; disks: readonly DiskShippedBack[] } }
  | { type: 'RecordPremGuestRestored'; data: { meta: CommandMeta; restoreId: string; steps: readonly string[] } }
  | { type: 'RecordMigratedBack'; data: { meta: CommandMeta; steps: readonly string[] } }
  /** Pre-copy (precopy-commands.ts). */
  | { type: 'RecordChangeTrackingEnabled'; data: { meta: CommandMeta; wasEnabled: boolean } }
  | { type: 'RecordDeltaSyncStarted'; data: { meta: CommandMeta; generation: number; final: boolean; snapshot: string; disks: readonly SyncedDisk[]; snapshotAtMillis: number } }
  | { type: 'RecordDeltaSyncCompleted'; data: { meta: CommandMeta; generation: number; disks: readonly SyncedDisk[] } }
  /** Cut a pre-copy migration over: Cutover (`ferry cutover`) or the scheduled cutover time. */
  | { type: 'RequestCutover'; data: { meta: CommandMeta; reason: string } }
  /** Pre-copy: cut over at this time (cutover-schedule-commands.ts); the scheduler asks for it then. */
  | { type: 'ScheduleCutover'; data: { meta: CommandMeta; atMillis: number } }
  | { type: 'RecordDowntimePrediction'; data: { meta: CommandMeta; prediction: DowntimePrediction } }
  | { type: 'PurgeCloud'; data: { meta: CommandMeta; reason: string } }
  | { type: 'RecordCloudPurged'; data: { meta: CommandMeta; steps: readonly string[] } };

export type MigrationCommandType = MigrationCommand['type'];
export type CommandOf<T extends MigrationCommandType> = Extract<MigrationCommand, { type: T }>;
