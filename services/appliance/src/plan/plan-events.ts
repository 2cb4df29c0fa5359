// The plan aggregate's events; wire form in proto/ferry/migration/v1/plan_events.proto.
import type { MigrationMode, NetworkMapping, StorageMapping, TargetPlacement, VmRef } from '../migration';

export interface PlanEventMeta {
  readonly planId: string;
  /** Unix milliseconds, from the command. */
  readonly at: number;
  readonly causeCommandId: string;
}

/** The settings of a validated plan. */
export interface PlanSpec {
  readonly name: string;
  readonly vms: readonly VmRef[];
  readonly mode: MigrationMode;
  readonly networkMap: readonly NetworkMapping[];
  readonly storageMap: readonly StorageMapping[];
  readonly target: TargetPlacement;
  /** At most this many migrations run at once (1 to MAX_CONCURRENCY through the API). */
  readonly concurrency: number;
  /** Unix ms before which no migration starts; 0 = start when asked. */
  readonly scheduledStartMillis: number;
  /** Each disk transfer's wire-rate cap in bytes per second; 0 = none. */
  readonly maxDiskBytesPerSecond: number;
  /** Warm: go ahead with "Not qualified" rows of the support matrix. */
  readonly acceptUnqualified: boolean;
  /** Pre-copy: seconds between two delta syncs; 0 (or absent in plans made without it) for other modes. */
  readonly precopyIntervalSeconds?: number;
  /** Pre-copy: unix ms at which each migration cuts over by itself (the scheduler); 0 or absent = on Cutover. */
  readonly scheduledCutoverMillis?: number;
}

export interface PlanMigrationAssigned {
  readonly vmMoref: string;
  readonly migrationId: string;
}

export type PlanEvent =
  | { type: 'PlanCreated'; data: { meta: PlanEventMeta } & PlanSpec }
  | { type: 'PlanStarted'; data: { meta: PlanEventMeta; migrations: readonly PlanMigrationAssigned[] } }
  | { type: 'PlanCancelled'; data: { meta: PlanEventMeta; reason: string } }
  | { type: 'PlanDiskRateSet'; data: { meta: PlanEventMeta; maxDiskBytesPerSecond: number } };

export const DEFAULT_CONCURRENCY = 8;

/** Pre-copy: seconds between two delta syncs when a plan names none (60 min). */
export const DEFAULT_PRECOPY_INTERVAL_SECONDS = 3600;
/** Pre-copy: the smallest interval a plan may ask for (1 min). */
export const MIN_PRECOPY_INTERVAL_SECONDS = 60;
/** The most migrations a plan may run at once: each holds a copy stream and a cloud VM build; more is a typo, not a plan. */
export const MAX_CONCURRENCY = 100;
