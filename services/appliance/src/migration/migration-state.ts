// The migration aggregate's state (a union keyed on phase), its initial value and the pure evolve.
import { MigrationMode, Step, type CacheLun, type DiskCopyRecord, type DiskRef, type DiskShippedBack, type MovedDisk, type MovedLunRecord, type MigrationEvent, type SyncedDisk, type NetworkMapping, type SourceHardware, type StorageMapping, type TargetPlacement, type VmRef } from './migration-events';

import { ACTIVE_PHASES, itineraryFor, positionIn, stepIn, type ActivePhase } from './itineraries';
import { evolveCutoverSchedule } from './cutover-schedule-evolve';
import type { DowntimePrediction } from './downtime-prediction';

export type { ActivePhase } from './itineraries';

/** One disk's copy as far as the store knows. */
export interface DiskCopy {
  readonly capacityBytes: number;
  /** Everything below this offset is on the target (last checkpoint). */
  readonly offset: number;
  readonly bytesCopied: number;
  readonly completed: boolean;
  readonly sha256: string;
  /** The attempt (1 + retries) in which the copy was last started. */
  readonly startedInAttempt: number;
  /** Why the copy is not moving (e.g. no space on its cloud datastore) and since when; absent while it moves. */
  readonly waiting?: { readonly reason: string; readonly since: number };
  /** Once completed: what the copy put on the target and what it cost (DiskCopyCompleted). */
  readonly record?: DiskCopyRecord;
}

/** What the history established, carried through every phase after planning. */
export interface MigrationFacts {
  readonly id: string;
  readonly planId: string;
  readonly sourceVm: VmRef;
  readonly mode: MigrationMode;
  readonly networkMap: readonly NetworkMapping[];
  readonly storageMap: readonly StorageMapping[];
  readonly target: TargetPlacement;
  readonly disks: readonly DiskRef[];
  /** Each disk transfer's wire-rate cap in bytes per second; 0 = none. */
  readonly maxDiskBytesPerSecond: number;
  readonly plannedAt: number;
  readonly hardware?: SourceHardware;
  readonly sourcePowerStateAtValidation?: string;
  readonly sourcePowerOff?: { readonly at: number; readonly method: string; readonly wasPoweredOn: boolean };
  readonly copies: Readonly<Record<string, DiskCopy>>;
  readonly targetVm?: VmRef;
  readonly targetDiskPaths: readonly string[];
  readonly fixupSteps: readonly string[];
  readonly targetPoweredOnAt?: number;
  /** Warm: the operator accepted "Not qualified" rows of the support matrix. */
  readonly acceptUnqualified: boolean;
  /** Warm: guest-prep's run and what it captured. */
  readonly guestPrep?: { readonly prepId: string; readonly guestOs: string; readonly steps: readonly string[]; readonly networkJson: string };
  /** Warm: the cache volume the target boots from. */
  readonly cacheVolume?: { readonly iqn: string; readonly portal: string; readonly chapUser: string; readonly luns: readonly CacheLun[] };
  /** Warm: when the cloud host was seen logged in to the cache volume (the target is up for the user). */
  readonly bootedOverCacheAt?: number;
  readonly bytesHydrated?: number;
  readonly movedDisks?: readonly MovedDisk[];
  /** LUNs moved by MoveToStorage so far, by disk key (before its switch; a retry reuses them). */
  readonly movedLuns?: Readonly<Record<string, MovedLunRecord>>;
  readonly switchoverMillis?: number;
  readonly cacheReleased?: boolean;
  /** Migrate back: set once requested; the migration then follows the way-back itinerary. */
  readonly back?: MigrateBackFacts;
  /** Pre-copy: where the syncs stand (absent for other modes). */
  readonly precopy?: PrecopyFacts;
  /** 1, plus one per retry. */
  readonly attempt: number;
}

/**
 * Where the way back reads the cloud side of the disks: the cache while the VM ran over it (its written-chunk
 * bitmap says what changed), storage once its move was recorded (a hash compare finds it).
 */
export function backSourceOf(facts: Pick<MigrationFacts, 'movedDisks'>): 'cache' | 'storage' {
  return facts.movedDisks ? 'storage' : 'cache';
}

/** Pre-copy: one sync as recorded (DeltaSyncStarted, then DeltaSyncCompleted). */
export interface PrecopySync {
  readonly generation: number;
  readonly final: boolean;
  readonly snapshot: string;
  readonly snapshotAt: number;
  readonly disks: readonly SyncedDisk[];
}

/** Pre-copy: the syncs so far (evolved from DeltaSyncStarted / DeltaSyncCompleted / CutoverRequested). */
export interface PrecopyFacts {
  readonly intervalSeconds: number;
  /** CBT was on before the migration. */
  readonly cbtWasEnabled?: boolean;
  /** The sync under way (its snapshot exists), if any. */
  readonly running?: PrecopySync;
  /** The last completed sync and its figures; absent before the full sync completed. */
  readonly last?: PrecopySync & {
    readonly completedAt: number;
    readonly bytes: number;
    readonly chunks: number;
    readonly durationMs: number;
    readonly dirtyBytesPerMinute: number;
  };
  readonly cutoverRequestedAt?: number;
  /** When the scheduler asks for the cutover (CutoverScheduled). */
  readonly cutoverScheduledAt?: number;
  /** The downtime predicted when the cutover was asked for (DowntimePredicted). */
  readonly downtimePrediction?: DowntimePrediction;
}

/** One disk's return so far (ShipBackProgressed). */
export interface ShipBackProgress {
  readonly chunksCompared: number;
  readonly chunksShipped: number;
  readonly chunksTotal: number;
  /** When it was recorded. */
  readonly at: number;
}

/** What the way back established. */
export interface MigrateBackFacts {
  readonly requestedAt: number;
  readonly reason: string;
  readonly cloudTargetOff?: { readonly at: number; readonly method: string };
  readonly progress: Readonly<Record<string, ShipBackProgress>>;
  readonly shipped?: readonly DiskShippedBack[];
  /** Undo the guest preparation on the prem disk before the prem VM runs. */
  readonly undoPrep: boolean;
  /** guest-prep's restore of the prem guest (PremGuestRestored). */
  readonly restored?: { readonly restoreId: string; readonly steps: readonly string[] };
}

/** A purge of the cloud VM kept after a migrate back: requested, then done with its steps. */
export interface CloudPurge {
  readonly requestedAt: number;
  readonly reason: string;
  readonly done?: { readonly at: number; readonly steps: readonly string[] };
}

/** What a cancel left to undo. */
export interface Compensation {
  readonly powerOnSource: boolean;
  readonly removeTarget: boolean;
  readonly targetVm?: VmRef;
  /** Warm: delete the migration's cache volume and stop prem serving its disks. */
  readonly removeCacheVolume: boolean;
}

export type MigrationState =
  | { readonly phase: 'initial' }
  | { readonly phase: ActivePhase; readonly facts: MigrationFacts }
  | { readonly phase: 'completed'; readonly facts: MigrationFacts; readonly durationMillis: number; readonly downtimeMillis: number }
  | {
      readonly phase: 'migrated-back';
      readonly facts: MigrationFacts;
      readonly at: number;
      readonly chunksWrittenBack: number;
      readonly bytesWrittenBack: number;
      readonly downtimeMillis: number;
      readonly durationMillis: number;
      /** PurgeCloud: the cloud VM and its disks, kept powered off, removed on request. */
      readonly purge?: CloudPurge;
    }
  | {
      readonly phase: 'failed';
      readonly facts: MigrationFacts;
      readonly failedStep: Step;
      readonly reason: string;
      readonly retryable: boolean;
      /** The phase a retry returns to: the failed step runs again from there. */
      readonly resumePhase: ActivePhase;
    }
  | {
      readonly phase: 'cancelled';
      readonly facts: MigrationFacts;
      readonly reason: string;
      readonly compensation: Compensation;
      readonly compensated: boolean;
      readonly compensationSteps: readonly string[];
    };

export type ActiveState = Extract<MigrationState, { phase: ActivePhase }>;

export const initialState: MigrationState = { phase: 'initial' };

export function isActive(state: MigrationState): state is ActiveState {
  return ACTIVE_PHASES.has(state.phase as ActivePhase);
}

/** Position of the state's phase in its mode's itinerary (0 = planned). */
export function phaseIndex(state: ActiveState): number {
  return positionIn(itineraryFor(state.facts), state.phase);
}

/** The step that runs next from an active state, as its mode's itinerary says. */
export function stepOf(state: ActiveState): Step {
  const step = stepIn(itineraryFor(state.facts), state.phase);
  if (step === undefined) throw new Error(`phase ${state.phase} is not in the ${itineraryFor(state.facts).name} itinerary`);
  return step;
}

/** The step a state is at: the next step when active, the failed step when failed. */
export function currentStep(state: MigrationState): Step | undefined {
  if (isActive(state)) return stepOf(state);
  if (state.phase === 'failed') return state.failedStep;
  return undefined;
}

/** Readable step names for messages (proto enum names without the prefix, lowercased). */
export const STEP_NAMES: Readonly<Record<Step, string>> = {
  [Step.Validate]: 'validate',
  [Step.PowerOffSource]: 'power-off-source',
  [Step.CopyDisks]: 'copy-disks',
  [Step.CreateTarget]: 'create-target',
  [Step.Fixup]: 'fixup',
  [Step.PowerOnTarget]: 'power-on-target',
  [Step.Complete]: 'complete',
  [Step.PrepareGuest]: 'prepare-guest',
  [Step.CreateCacheVolume]: 'create-cache-volume',
  [Step.CreateTargetOverCache]: 'create-target-over-cache',
  [Step.AwaitBootOverCache]: 'await-boot-over-cache',
  [Step.Hydrate]: 'hydrate',
  [Step.MoveToStorage]: 'move-to-storage',
  [Step.ReleaseCache]: 'release-cache',
  [Step.PowerOffCloudTarget]: 'power-off-cloud-target',
  [Step.ShipBack]: 'ship-back',
  [Step.PowerOnPremSource]: 'power-on-prem-source',
  [Step.RestorePremGuest]: 'restore-prem-guest',
  [Step.EnableChangeTracking]: 'enable-change-tracking',
  [Step.PrecopySync]: 'precopy-sync',
};

function withFacts(state: MigrationState, phase: ActivePhase, change: (facts: MigrationFacts) => Partial<MigrationFacts> = () => ({})): MigrationState {
  if (state.phase === 'initial') return state;
  return { phase, facts: { ...state.facts, ...change(state.facts) } };
}

/** `withFacts` for a change to the way back's facts (a migration without them is left as it is). */
function withBack(state: MigrationState, phase: ActivePhase, change: (back: MigrateBackFacts) => Partial<MigrateBackFacts>): MigrationState {
  if (state.phase === 'initial' || !state.facts.back) return state;
  const back = state.facts.back;
  return withFacts(state, phase, () => ({ back: { ...back, ...change(back) } }));
}

/** `withFacts` for a change to the pre-copy facts (a migration without them is left as it is). */
function withPrecopy(state: MigrationState, phase: ActivePhase, change: (precopy: PrecopyFacts) => Partial<PrecopyFacts>): MigrationState {
  if (state.phase === 'initial' || !state.facts.precopy) return state;
  const precopy = state.facts.precopy;
  return withFacts(state, phase, () => ({ precopy: { ...precopy, ...change(precopy) } }));
}

function updateCopy(facts: MigrationFacts, diskKey: string, change: (copy: DiskCopy) => Partial<DiskCopy>): Partial<MigrationFacts> {
  const copy = facts.copies[diskKey];
  if (!copy) return {};
  return { copies: { ...facts.copies, [diskKey]: { ...copy, ...change(copy) } } };
}

function allCopied(facts: MigrationFacts): boolean {
  return facts.disks.every((disk) => facts.copies[disk.key]?.completed === true);
}

/** Folds one event into the state. Pure; unknown transitions leave the state as it was. */
export function evolve(state: MigrationState, event: MigrationEvent): MigrationState {
  const { data } = event;
  switch (event.type) {
    case 'MigrationPlanned': {
      const d = event.data;
      const facts: MigrationFacts = {
        id: d.meta.migrationId, planId: d.planId, sourceVm: d.sourceVm, mode: d.mode, networkMap: d.networkMap, storageMap: d.storageMap,
        target: d.target, disks: d.disks, maxDiskBytesPerSecond: d.maxDiskBytesPerSecond, plannedAt: d.meta.at, copies: {}, targetDiskPaths: [], fixupSteps: [], attempt: 1,
        acceptUnqualified: d.acceptUnqualified, ...(d.mode === MigrationMode.Precopy ? { precopy: { intervalSeconds: d.precopyIntervalSeconds } } : {}),
      };
      return { phase: 'planned', facts };
    }
    case 'MigrationValidated':
      return withFacts(state, 'validated', () => ({ hardware: event.data.hardware, sourcePowerStateAtValidation: event.data.sourcePowerState }));
    case 'GuestPrepared': {
      const { guestOs, steps, prepId, networkJson } = event.data;
      return withFacts(state, 'guest-prepared', () => ({ guestPrep: { guestOs, steps, prepId, networkJson } }));
    }
    case 'CacheVolumeCreated': {
      const { iqn, portal, chapUser, luns } = event.data;
      return withFacts(state, 'cache-volume-created', () => ({ cacheVolume: { iqn, portal, chapUser, luns } }));
    }
    case 'BootedOverCache':
      return withFacts(state, 'booted-over-cache', () => ({ bootedOverCacheAt: data.meta.at }));
    case 'HydrationCompleted':
      return withFacts(state, 'hydrated', () => ({ bytesHydrated: event.data.bytesHydrated }));
    case 'DiskMovedToStorage': {
      // Facts only: the move goes on (the phase stays); the last record of a disk wins.
      if (state.phase === 'initial') return state;
      const { disk, lun, shellVm, capacityBytes } = event.data;
      return { ...state, facts: { ...state.facts, movedLuns: { ...state.facts.movedLuns, [disk.diskKey]: { disk, lun, shellVm, capacityBytes } } } };
    }
    case 'MovedToStorage':
      return withFacts(state, 'moved-to-storage', () => ({ movedDisks: event.data.disks, switchoverMillis: event.data.switchoverMillis }));
    case 'CacheReleased':
      return withFacts(state, 'cache-released', () => ({ cacheReleased: true }));
    case 'SourcePoweredOff':
      return withFacts(state, 'source-powered-off', () => ({ sourcePowerOff: { at: data.meta.at, method: event.data.method, wasPoweredOn: event.data.wasPoweredOn } }));
    case 'DiskCopyStarted': {
      const d = event.data;
      return withFacts(state, 'copying-disks', (facts) => ({
        copies: {
          ...facts.copies,
          [d.diskKey]: { capacityBytes: d.capacityBytes, offset: d.resumeOffset, bytesCopied: facts.copies[d.diskKey]?.bytesCopied ?? 0, completed: false, sha256: '', startedInAttempt: facts.attempt },
        },
      }));
    }
    case 'DiskCopyCheckpointed':
      return withFacts(state, 'copying-disks', (facts) => updateCopy(facts, event.data.diskKey, () => ({ offset: event.data.offset, bytesCopied: event.data.bytesCopied })));
    case 'DiskCopyWaiting': {
      // Facts only: the phase stays. A changed reason keeps the time the wait began.
      if (state.phase === 'initial') return state;
      const { diskKey, reason, meta } = event.data;
      const change = updateCopy(state.facts, diskKey, (copy) => ({ waiting: reason === '' ? undefined : { reason, since: copy.waiting?.since ?? meta.at } }));
      return { ...state, facts: { ...state.facts, ...change } };
    }
    case 'DiskCopyCompleted': {
      if (state.phase === 'initial') return state;
      const d = event.data;
      const record: DiskCopyRecord = {
        bytesCopied: d.bytesCopied, bytesSkippedZero: d.bytesSkippedZero, bytesUnchanged: d.bytesUnchanged, wireBytes: d.wireBytes, sourceBytes: d.sourceBytes, sha256: d.sha256, generation: d.generation, mode: d.mode,
      };
      const change = updateCopy(state.facts, d.diskKey, (copy) => ({ completed: true, offset: copy.capacityBytes, bytesCopied: d.bytesCopied, sha256: d.sha256, waiting: undefined, record }));
      const facts = { ...state.facts, ...change };
      return { phase: allCopied(facts) ? 'disks-copied' : 'copying-disks', facts };
    }
    case 'TargetCreated':
      return withFacts(state, 'target-created', () => ({ targetVm: event.data.targetVm, targetDiskPaths: event.data.diskPaths }));
    case 'FixupCompleted':
      return withFacts(state, 'fixed-up', () => ({ fixupSteps: event.data.steps }));
    case 'TargetPoweredOn':
      return withFacts(state, 'target-powered-on', () => ({ targetPoweredOnAt: data.meta.at }));
    case 'MigrationCompleted':
      if (state.phase === 'initial') return state;
      return { phase: 'completed', facts: state.facts, durationMillis: event.data.durationMillis, downtimeMillis: event.data.downtimeMillis };
    case 'MigrationFailed':
      if (!isActive(state)) return state;
      return { phase: 'failed', facts: state.facts, failedStep: event.data.step, reason: event.data.reason, retryable: event.data.retryable, resumePhase: state.phase };
    case 'MigrationRetried':
      if (state.phase !== 'failed') return state;
      return { phase: state.resumePhase, facts: { ...state.facts, attempt: event.data.attempt } };
    case 'DiskRateSet':
      // Facts only: the phase (and the step under way) stay as they are.
      return state.phase === 'initial' ? state : { ...state, facts: { ...state.facts, maxDiskBytesPerSecond: event.data.maxDiskBytesPerSecond } };
    case 'MigrationCancelled': {
      if (state.phase === 'initial') return state;
      const d = event.data;
      const compensation: Compensation = {
        powerOnSource: d.powerOnSource, removeTarget: d.removeTarget, removeCacheVolume: d.removeCacheVolume, ...(d.targetVm.moref ? { targetVm: d.targetVm } : {}),
      };
      const nothingToDo = !d.powerOnSource && !d.removeTarget && !d.removeCacheVolume;
      return { phase: 'cancelled', facts: state.facts, reason: d.reason, compensation, compensated: nothingToDo, compensationSteps: [] };
    }
    case 'CompensationCompleted':
      if (state.phase !== 'cancelled') return state;
      return { ...state, compensated: true, compensationSteps: event.data.steps };
    case 'MigrateBackRequested':
      return withFacts(state, 'migrating-back', () => ({ back: { requestedAt: data.meta.at, reason: event.data.reason, undoPrep: event.data.undoPrep, progress: {} } }));
    case 'CloudTargetPoweredOff':
      return withBack(state, 'cloud-target-powered-off', () => ({ cloudTargetOff: { at: data.meta.at, method: event.data.method } }));
    case 'ShipBackProgressed': {
      const { diskKey, chunksCompared, chunksShipped, chunksTotal } = event.data;
      // Progress only: the phase stays.
      if (!isActive(state) || !state.facts.back) return state;
      const back = state.facts.back;
      return { ...state, facts: { ...state.facts, back: { ...back, progress: { ...back.progress, [diskKey]: { chunksCompared, chunksShipped, chunksTotal, at: data.meta.at } } } } };
    }
    case 'ShippedBack':
      return withBack(state, 'shipped-back', () => ({ shipped: event.data.disks }));
    case 'PremGuestRestored':
      return withBack(state, 'prem-guest-restored', () => ({ restored: { restoreId: event.data.restoreId, steps: event.data.steps } }));
    case 'MigratedBack': {
      if (state.phase === 'initial') return state;
      const d = event.data;
      return {
        phase: 'migrated-back', facts: state.facts, at: d.meta.at, chunksWrittenBack: d.chunksWrittenBack, bytesWrittenBack: d.bytesWrittenBack, downtimeMillis: d.downtimeMillis, durationMillis: d.durationMillis,
      };
    }
    case 'ChangeTrackingEnabled':
      return withPrecopy(state, 'change-tracking-enabled', () => ({ cbtWasEnabled: event.data.wasEnabled }));
    case 'DeltaSyncStarted': {
      // Facts only: the phase stays (the PrecopySync step runs from it, and resumes this sync).
      if (state.phase === 'initial' || !state.facts.precopy) return state;
      const { generation, final, snapshot, disks, snapshotAtMillis } = event.data;
      return { ...state, facts: { ...state.facts, precopy: { ...state.facts.precopy, running: { generation, final, snapshot, disks, snapshotAt: snapshotAtMillis } } } } as MigrationState;
    }
    case 'DeltaSyncCompleted': {
      if (state.phase === 'initial' || !state.facts.precopy?.running) return state;
      const d = event.data;
      const { running: done, ...rest } = state.facts.precopy;
      const last = { ...done, disks: d.disks, completedAt: d.meta.at, bytes: d.bytes, chunks: d.chunks, durationMs: d.durationMs, dirtyBytesPerMinute: d.dirtyBytesPerMinute };
      return { phase: d.final ? 'disks-copied' : 'precopy-synced', facts: { ...state.facts, precopy: { ...rest, last } } };
    }
    case 'CutoverRequested':
      // Facts only: the PrecopySync step turns to the cutover once the sync under way completed.
      if (state.phase === 'initial' || !state.facts.precopy) return state;
      return { ...state, facts: { ...state.facts, precopy: { ...state.facts.precopy, cutoverRequestedAt: data.meta.at } } } as MigrationState;
    case 'CutoverScheduled':
    case 'DowntimePredicted':
      return evolveCutoverSchedule(state, event);
    case 'CloudPurgeRequested':
      if (state.phase !== 'migrated-back') return state;
      return { ...state, purge: { requestedAt: data.meta.at, reason: event.data.reason } };
    case 'CloudPurged':
      if (state.phase !== 'migrated-back' || !state.purge) return state;
      return { ...state, purge: { ...state.purge, done: { at: data.meta.at, steps: event.data.steps } } };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** ferry.migration.v1.Phase value of each phase, for events and the API. */
export const PHASE_NUMBERS: Readonly<Record<MigrationState['phase'], number>> = {
  initial: 0,
  planned: 1,
  validated: 14,
  'source-powered-off': 4,
  'copying-disks': 3,
  'disks-copied': 15,
  'target-created': 7,
  'fixed-up': 8,
  'target-powered-on': 9,
  'guest-prepared': 2,
  'cache-volume-created': 16,
  'booted-over-cache': 5,
  hydrated: 6,
  'moved-to-storage': 17,
  'cache-released': 18,
  'migrating-back': 19,
  'cloud-target-powered-off': 20,
  'shipped-back': 21,
  'prem-guest-restored': 22,
  'change-tracking-enabled': 23,
  'precopy-synced': 24,
  'migrated-back': 13,
  completed: 10,
  failed: 11,
  cancelled: 12,
};
