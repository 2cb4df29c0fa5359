// Migrate back's commands: the operator's request, refused with the reason and what to do instead
// when there is nothing to migrate back, and the records of the way back's steps.
import { DEFAULT_CHUNK_SIZE } from '@ferry/block-pipeline';
import { IllegalStateError, ValidationError } from '@ferry/errors';
import type { CommandOf } from './migration-commands';
import { MigrationMode, Step, type EventOf } from './migration-events';
import { STEP_NAMES, currentStep, isActive, type MigrationState } from './migration-state';
import { metaOf } from './plan-migration';
import { atStep } from './step-guard';

/** Why `state` cannot be migrated back (undefined: it can). */
function refusal(state: MigrationState, migrationId: string): string | undefined {
  if (state.phase === 'initial') return `there is no migration ${migrationId}; use an id from GetPlan's migration_ids`;
  const { facts } = state;
  if (facts.mode !== MigrationMode.Warm) {
    return `migration ${facts.id} is cold: its source VM on prem was never changed, so there is nothing to bring back; power the prem VM on (and remove the cloud VM if you no longer want it)`;
  }
  if (facts.back !== undefined) {
    if (state.phase === 'migrated-back') return `migration ${facts.id} was already migrated back; the prem VM runs with what it wrote in the cloud. Plan a new warm migration to move it again`;
    if (state.phase === 'failed') return `migration ${facts.id}'s migrate back failed at step ${STEP_NAMES[state.failedStep]} (${state.reason}); retry it (RetryMigration) instead`;
    return `migration ${facts.id} is already migrating back (step ${STEP_NAMES[currentStep(state) ?? Step.PowerOffCloudTarget]}); watch it (WatchMigration)`;
  }
  switch (state.phase) {
    case 'completed':
      return facts.movedDisks !== undefined ? undefined : `migration ${facts.id} completed without a recorded move to cloud storage; there is no cloud disk to migrate back from`;
    case 'cancelled':
      return `migration ${facts.id} was cancelled before the VM ran in the cloud; its source VM was powered back on, so there is nothing to bring back`;
    default:
      break;
  }
  if (facts.bootedOverCacheAt === undefined) {
    return `migration ${facts.id} has not booted in the cloud yet, so the VM wrote nothing there; cancel it instead (CancelMigration powers the source back on and removes what was made)`;
  }
  // Over the cache: while it hydrates, or failed before its move to storage was recorded.
  const reached = state.phase === 'failed' ? state.resumePhase : state.phase;
  if (facts.movedDisks === undefined && (OVER_CACHE.has(reached) || state.phase === 'failed')) return undefined;
  return `migration ${facts.id} is moving to cloud storage (step ${STEP_NAMES[currentStep(state) ?? Step.MoveToStorage]}); wait until it completes, then migrate it back`;
}

/** Phases in which the VM runs over the cache and nothing but hydration is under way. */
const OVER_CACHE: ReadonlySet<string> = new Set(['booted-over-cache', 'copying-disks', 'disks-copied']);

export function migrateBack(command: CommandOf<'MigrateBack'>, state: MigrationState): EventOf<'MigrateBackRequested'>[] {
  const why = refusal(state, command.data.meta.migrationId);
  if (why !== undefined) throw new IllegalStateError(`cannot migrate back: ${why}`);
  return [{ type: 'MigrateBackRequested', data: { meta: metaOf(command), reason: command.data.reason, undoPrep: command.data.undoPrep } }];
}

export function recordCloudTargetPoweredOff(command: CommandOf<'RecordCloudTargetPoweredOff'>, state: MigrationState): EventOf<'CloudTargetPoweredOff'>[] {
  if (!atStep(state, [Step.PowerOffCloudTarget], 'record the cloud VM powered off')) return [];
  return [{ type: 'CloudTargetPoweredOff', data: { meta: metaOf(command), method: command.data.method } }];
}

export function recordShipBackProgress(command: CommandOf<'RecordShipBackProgress'>, state: MigrationState): EventOf<'ShipBackProgressed'>[] {
  const current = atStep(state, [Step.ShipBack], 'record progress of the way back');
  if (!current) return [];
  const d = command.data;
  if (!current.facts.disks.some((disk) => disk.key === d.diskKey)) throw new ValidationError('disk_key', `${d.diskKey} is not a disk of migration ${current.facts.id}`);
  const last = current.facts.back?.progress[d.diskKey];
  // Progress only grows; an older report (a re-delivered command) changes nothing.
  if (last !== undefined && last.chunksCompared >= d.chunksCompared && last.chunksShipped >= d.chunksShipped) return [];
  return [{ type: 'ShipBackProgressed', data: { meta: metaOf(command), diskKey: d.diskKey, chunksCompared: d.chunksCompared, chunksShipped: d.chunksShipped, chunksTotal: d.chunksTotal } }];
}

export function recordShippedBack(command: CommandOf<'RecordShippedBack'>, state: MigrationState): EventOf<'ShippedBack'>[] {
  const current = atStep(state, [Step.ShipBack], 'record the disks shipped back');
  if (!current) return [];
  const shipped = new Set(command.data.disks.map((disk) => disk.diskKey));
  const missing = current.facts.disks.filter((disk) => !shipped.has(disk.key));
  if (missing.length > 0) throw new ValidationError('disks', `disk ${missing.map((disk) => disk.key).join(', ')} was not shipped back; every disk returns`);
  return [{ type: 'ShippedBack', data: { meta: metaOf(command), disks: command.data.disks } }];
}

export function recordPremGuestRestored(command: CommandOf<'RecordPremGuestRestored'>, state: MigrationState): EventOf<'PremGuestRestored'>[] {
  if (!atStep(state, [Step.RestorePremGuest], 'record the prem guest restored')) return [];
  return [{ type: 'PremGuestRestored', data: { meta: metaOf(command), restoreId: command.data.restoreId, steps: command.data.steps } }];
}

/** The prem VM is on again: the way back is over. Downtime runs from the cloud VM's power-off. */
export function recordMigratedBack(command: CommandOf<'RecordMigratedBack'>, state: MigrationState): EventOf<'MigratedBack'>[] {
  const current = atStep(state, [Step.PowerOnPremSource], 'record the VM migrated back');
  if (!current || !isActive(current)) return [];
  const back = current.facts.back;
  if (back?.shipped === undefined) throw new IllegalStateError(`migration ${current.facts.id} has no disks shipped back on record`);
  const at = command.data.meta.at;
  // The way back starts its transfers without a chunk size, so prem-manager ships DEFAULT_CHUNK_SIZE chunks.
  const chunks = back.shipped.reduce((sum, disk) => sum + disk.chunksShipped, 0);
  return [{
    type: 'MigratedBack',
    data: {
      meta: metaOf(command), chunksWrittenBack: chunks, bytesWrittenBack: chunks * DEFAULT_CHUNK_SIZE,
      downtimeMillis: Math.max(0, at - (back.cloudTargetOff?.at ?? back.requestedAt)), durationMillis: Math.max(0, at - back.requestedAt), steps: command.data.steps,
      // The digest of each whole prem disk, which prem-manager checked against the cloud disk's.
      diskDigests: back.shipped.map((disk) => `${disk.diskKey}:${disk.sha256}`),
    },
  }];
}
