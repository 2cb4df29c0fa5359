// The ports the effect runner drives; adapters in src/adapters implement them against vCenter and
// the data plane. Every operation is idempotent: running it again after a crash is safe.
import type { CopyMode, DiskCopyRecord, MigrationMode, SourceHardware, VmRef } from '../migration';
import type { DiskToCopy, Effect } from './effects';
import type { WarmPorts } from './warm-ports';
import type { PremGuestPort, ShipBackPort } from './back-ports';
import type { PrecopyPort } from './precopy-ports';

/** What validation learns about the source VM. */
export interface SourceInspection {
  readonly hardware: SourceHardware;
  readonly powerState: string;
  /** Readiness findings that stop the migration, each saying what to fix. */
  readonly blockers: readonly string[];
  readonly warnings: readonly string[];
  /** Findings of "Not qualified" support-matrix rows (warm): a plan must accept them. */
  readonly unqualified: readonly string[];
}

/** The source VM on the prem vCenter. */
export interface SourceVmPort {
  /**
   * Readiness for the migration's mode (warm: the warm column of the support matrix); `targetDatastores`: the
   * cloud datastores the plan's storage map sends the disks to, checked for room.
   */
  inspect(vm: VmRef, mode: MigrationMode, targetDatastores: readonly string[]): Promise<SourceInspection>;
  /** Guest shutdown, hard power-off after `guestTimeoutMs`; 'already' when it was off. */
  powerOff(vm: VmRef, guestTimeoutMs: number): Promise<{ method: 'guest' | 'hard' | 'already' }>;
  /** No-op when already on. */
  powerOn(vm: VmRef): Promise<void>;
}

/** The outcome of one disk's copy, as the data plane counted it (recorded as DiskCopyCompleted). */
export interface DiskCopyResult extends DiskCopyRecord {
  readonly mode: CopyMode;
  /** Distinct chunks the transfer sent (when it reports them). */
  readonly chunksSent?: number;
}

/** Why a step let go of its work when its `signal` was aborted: what a step's UnavailableError says then. */
export const RUNNER_STOPPING = "this appliance's runner is stopping (a shutdown, or this replica no longer leads)";

/** What a running copy tells besides its checkpoints, and how it is stopped. */
export interface CopyObserver {
  /** The copy stopped moving and why (e.g. no space on its cloud datastore), or '' once it moves again. */
  onWaiting?(reason: string): Promise<void>;
  /**
   * Aborted when the runner stops (RUNNER_STOPPING): the copy stops following the transfer at once and
   * rejects; the transfer itself goes on in the data plane and the next runner follows it again.
   */
  signal?: AbortSignal;
}

/** The data plane: copies one disk, resuming where the receiver's verified-chunk map says. */
export interface DiskCopyPort {
  copy(migrationId: string, disk: DiskToCopy, onCheckpoint: (offset: number, bytesCopied: number) => Promise<void>, observer?: CopyObserver): Promise<DiskCopyResult>;
  /**
   * The migration's disk rate cap changed (bytes per second, 0 = none): copies under way take it at
   * once, and copies of this migration started later use it over the one their DiskToCopy carries.
   */
  setRate(migrationId: string, maxBytesPerSecond: number): void;
  /** The migration ended: its rate set by setRate is no longer needed. */
  forgetRate(migrationId: string): void;
  /** Pre-copy: stops one sync generation's transfer of a disk at once (a sync given up, or a cancel); an unknown one is fine. */
  stop?(migrationId: string, diskKey: string, generation: number): Promise<void>;
}

/** The target VM on the cloud vCenter, tagged with the migration id so a retry finds what it made. */
export interface TargetVmPort {
  findByMigration(migrationId: string): Promise<VmRef | undefined>;
  create(effect: Extract<Effect, { kind: 'CreateTargetVm' }>): Promise<{ vm: VmRef; diskPaths: string[] }>;
  powerOn(vm: VmRef): Promise<void>;
  /** Powers off and destroys every VM tagged with the migration id; returns what it removed. */
  removeByMigration(migrationId: string): Promise<string[]>;
}

/**
 * Fixup of the replica's disks before the target's first boot (guest-prep); returns the steps it
 * did, one line each. Rejects when the fixup failed, with the reason.
 */
export interface FixupPort {
  run(effect: Extract<Effect, { kind: 'RunFixup' }>): Promise<string[]>;
}

export interface MigrationPorts {
  readonly source: SourceVmPort;
  readonly diskCopy: DiskCopyPort;
  readonly target: TargetVmPort;
  readonly fixup: FixupPort;
  /** Present when this appliance is configured for warm migration (a cloud cache, guest credentials). */
  readonly warm?: WarmPorts;
  /** Present when this appliance is configured for migrate back (the cloud block source, the prem block writer). */
  readonly shipBack?: ShipBackPort;
  /** Present when migrate back can restore the prem guest on its disks (guest-prep sees the prem datastores). */
  readonly premGuest?: PremGuestPort;
  /** Pre-copy: CBT and snapshots of the source on the prem vCenter. */
  readonly precopy?: PrecopyPort;
}
