// Fail, Retry, Cancel, the record of the compensation a cancel asked for, and a new disk rate cap.
import { IllegalStateError, ValidationError } from '@ferry/errors';
import { checkDiskRate } from './disk-rate';
import type { CommandOf } from './migration-commands';
import { NO_VM, Step, type EventOf } from './migration-events';
import { itineraryFor, reachedIn } from './itineraries';
import { PHASE_NUMBERS, STEP_NAMES, currentStep, isActive, type MigrationState } from './migration-state';
import { metaOf } from './plan-migration';

export function fail(command: CommandOf<'Fail'>, state: MigrationState): EventOf<'MigrationFailed'>[] {
  const d = command.data;
  if (!d.reason.trim()) throw new ValidationError('reason', 'is empty; say what went wrong and what the operator can do');
  if (state.phase === 'failed' && state.failedStep === d.step) return [];
  if (!isActive(state)) {
    throw new IllegalStateError(`cannot fail the migration at step ${STEP_NAMES[d.step] ?? d.step}: it is ${state.phase}`);
  }
  const step = currentStep(state);
  if (step !== d.step) {
    // A failure report from a step the migration is no longer at (late or re-delivered) must not stop it.
    throw new IllegalStateError(
      `migration ${state.facts.id} is at step ${step === undefined ? state.phase : STEP_NAMES[step]}, not ${STEP_NAMES[d.step] ?? d.step}; the failure report is stale`,
    );
  }
  return [{ type: 'MigrationFailed', data: { meta: metaOf(command), phase: PHASE_NUMBERS[state.phase], reason: d.reason, retryable: d.retryable, step: d.step } }];
}

export function retry(command: CommandOf<'Retry'>, state: MigrationState): EventOf<'MigrationRetried'>[] {
  if (state.phase !== 'failed') {
    throw new IllegalStateError(`cannot retry migration ${command.data.meta.migrationId}: it is ${state.phase}, not failed`);
  }
  if (!state.retryable) {
    throw new IllegalStateError(
      `migration ${state.facts.id} failed at step ${STEP_NAMES[state.failedStep]} with an error a retry cannot fix (${state.reason}); cancel it and plan a new migration`,
    );
  }
  return [{ type: 'MigrationRetried', data: { meta: metaOf(command), step: state.failedStep, attempt: state.facts.attempt + 1 } }];
}

export function cancel(command: CommandOf<'Cancel'>, state: MigrationState): EventOf<'MigrationCancelled'>[] {
  switch (state.phase) {
    case 'initial':
      throw new IllegalStateError(`cannot cancel migration ${command.data.meta.migrationId}: it was never planned`);
    case 'cancelled':
      return [];
    case 'completed':
      throw new IllegalStateError(`cannot cancel migration ${state.facts.id}: it completed; migrate the VM back instead`);
    case 'migrated-back':
      throw new IllegalStateError(`cannot cancel migration ${state.facts.id}: it was migrated back and the prem VM runs again; nothing is under way`);
    default:
      break;
  }
  const reached = state.phase === 'failed' ? state.resumePhase : state.phase;
  const { facts } = state;
  const itinerary = itineraryFor(facts);
  if (itinerary.noCancelFrom && reachedIn(itinerary, reached, itinerary.noCancelFrom.phase)) {
    throw new IllegalStateError(`cannot cancel ${itinerary.name} migration ${facts.id} at step ${STEP_NAMES[currentStep(state) ?? Step.Validate]}: ${itinerary.noCancelFrom.advice}`);
  }
  // The source goes back on only if it was on when validated and the power-off step may have run
  // (it is recorded, or was under way when the migration failed or was cancelled). Powering on a VM
  // that is still on is a no-op, so an early cancel errs on the safe side. The itinerary says from
  // which phases on each of these applies.
  const powerOnSource =
    facts.sourcePowerStateAtValidation === 'poweredOn' && reachedIn(itinerary, reached, itinerary.sourceMayBeOffFrom) && (facts.sourcePowerOff?.wasPoweredOn ?? true);
  const removeTarget = reachedIn(itinerary, reached, itinerary.cloudObjectsFrom);
  const removeCacheVolume = itinerary.cacheVolumeFrom !== undefined && reachedIn(itinerary, reached, itinerary.cacheVolumeFrom);
  return [
    {
      type: 'MigrationCancelled',
      data: { meta: metaOf(command), reason: command.data.reason, powerOnSource, removeTarget, removeCacheVolume, targetVm: facts.targetVm ?? NO_VM, step: currentStep(state) ?? Step.Validate },
    },
  ];
}

export function recordCompensation(command: CommandOf<'RecordCompensation'>, state: MigrationState): EventOf<'CompensationCompleted'>[] {
  if (state.phase !== 'cancelled') {
    throw new IllegalStateError(`cannot record compensation: migration ${command.data.meta.migrationId} is ${state.phase}, not cancelled`);
  }
  if (state.compensated) return [];
  return [{ type: 'CompensationCompleted', data: { meta: metaOf(command), steps: command.data.steps } }];
}

/** The plan's new disk rate cap, for a migration not over yet (a failed one uses it when retried). */
export function setDiskRate(command: CommandOf<'SetDiskRate'>, state: MigrationState): EventOf<'DiskRateSet'>[] {
  const cap = checkDiskRate(command.data.maxDiskBytesPerSecond, { zeroLifts: true });
  if (state.phase === 'initial') throw new IllegalStateError(`cannot set the disk rate of migration ${command.data.meta.migrationId}: it was never planned`);
  if (state.phase === 'completed' || state.phase === 'cancelled' || state.phase === 'migrated-back') {
    throw new IllegalStateError(`cannot set the disk rate of migration ${state.facts.id}: it is ${state.phase} and copies nothing more`);
  }
  if (state.facts.maxDiskBytesPerSecond === cap) return [];
  return [{ type: 'DiskRateSet', data: { meta: metaOf(command), maxDiskBytesPerSecond: cap } }];
}
