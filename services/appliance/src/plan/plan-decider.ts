// The plan aggregate as a decider: a plan is created (validated), started (one migration id per VM),
// has its disk rate cap changed, or is cancelled. Which migrations run when is the scheduler's business (scheduler.ts).
import { IllegalStateError, ValidationError } from '@ferry/errors';
import type { Decider } from '@ferry/event-store';
import { createPlanEvent } from './create-plan';
import { checkDiskRate } from '../migration';
import type { PlanCommand } from './plan-commands';
import type { PlanEvent, PlanMigrationAssigned, PlanSpec } from './plan-events';

export type PlanState =
  | { readonly status: 'none' }
  | { readonly status: 'created'; readonly id: string; readonly spec: PlanSpec }
  | { readonly status: 'started'; readonly id: string; readonly spec: PlanSpec; readonly migrations: readonly PlanMigrationAssigned[] }
  | { readonly status: 'cancelled'; readonly id: string; readonly spec: PlanSpec; readonly migrations: readonly PlanMigrationAssigned[]; readonly reason: string };

export const initialPlanState: PlanState = { status: 'none' };

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanCreated': {
      const { meta, ...spec } = event.data;
      return { status: 'created', id: meta.planId, spec };
    }
    case 'PlanStarted':
      return state.status === 'created' ? { ...state, status: 'started', migrations: event.data.migrations } : state;
    case 'PlanCancelled':
      if (state.status === 'none') return state;
      return { status: 'cancelled', id: state.id, spec: state.spec, migrations: state.status === 'created' ? [] : state.migrations, reason: event.data.reason };
    case 'PlanDiskRateSet':
      return state.status === 'none' ? state : { ...state, spec: { ...state.spec, maxDiskBytesPerSecond: event.data.maxDiskBytesPerSecond } };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** JSON with sorted keys: a spec decoded from the store lists its fields in another order than a fresh one. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** A new plan's scheduled times must lie ahead; the same request retried after them is not a new plan. */
function refusePast(field: string, millis: number | undefined, now: number, otherwise: string): void {
  if (millis === undefined || millis === 0 || millis >= now) return;
  throw new ValidationError(field, `${new Date(millis).toISOString()} is in the past (the appliance's time is ${new Date(now).toISOString()}); set a time ahead, or ${otherwise}`);
}

function createPlan(command: Extract<PlanCommand, { type: 'CreatePlan' }>, state: PlanState): PlanEvent[] {
  const event = createPlanEvent(command.data);
  if (state.status === 'none') {
    refusePast('scheduled_start', command.data.scheduledStartMillis, command.data.meta.at, 'leave it unset and start the plan with StartPlan');
    refusePast('scheduled_cutover', command.data.scheduledCutoverMillis, command.data.meta.at, 'leave it unset and cut over with Cutover');
    return [event];
  }
  // The same request again (the caller's retry) is accepted without a new event.
  const { meta: _meta, ...spec } = event.data as Extract<PlanEvent, { type: 'PlanCreated' }>['data'];
  if (canonical(spec) === canonical(state.spec)) return [];
  throw new IllegalStateError(`plan ${state.id} already exists with other settings; create the new plan under another request id`);
}

function startPlan(command: Extract<PlanCommand, { type: 'StartPlan' }>, state: PlanState): PlanEvent[] {
  switch (state.status) {
    case 'none':
      throw new IllegalStateError(`plan ${command.data.meta.planId} does not exist; create it first`);
    case 'started':
      return [];
    case 'cancelled':
      throw new IllegalStateError(`plan ${state.id} is cancelled; create a new plan`);
    case 'created':
      break;
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
  const ids = command.data.migrationIds;
  if (ids.length !== state.spec.vms.length || new Set(ids).size !== ids.length) {
    throw new ValidationError('migration_ids', `need ${state.spec.vms.length} distinct ids, one per VM, got ${ids.length}`);
  }
  const migrations = state.spec.vms.map((vm, i) => ({ vmMoref: vm.moref, migrationId: ids[i] ?? '' }));
  return [{ type: 'PlanStarted', data: { meta: { planId: state.id, at: command.data.meta.at, causeCommandId: command.data.meta.commandId }, migrations } }];
}

function cancelPlan(command: Extract<PlanCommand, { type: 'CancelPlan' }>, state: PlanState): PlanEvent[] {
  if (state.status === 'none') throw new IllegalStateError(`plan ${command.data.meta.planId} does not exist`);
  if (state.status === 'cancelled') return [];
  return [{ type: 'PlanCancelled', data: { meta: { planId: state.id, at: command.data.meta.at, causeCommandId: command.data.meta.commandId }, reason: command.data.reason } }];
}

/** Phases a migration does not leave without an operator's command (RetryMigration, MigrateBack). */
const OVER: ReadonlySet<string> = new Set(['completed', 'migrated-back', 'failed', 'cancelled']);

/** A started plan has ended once each of its migrations is over: no copy is left to take a new rate. */
function ended(state: Extract<PlanState, { status: 'started' }>, phases: readonly string[]): boolean {
  return phases.length === state.migrations.length && phases.every((phase) => OVER.has(phase));
}

function setDiskRate(command: Extract<PlanCommand, { type: 'SetDiskRate' }>, state: PlanState): PlanEvent[] {
  const cap = checkDiskRate(command.data.maxDiskBytesPerSecond, { zeroLifts: true });
  if (state.status === 'none') throw new IllegalStateError(`plan ${command.data.meta.planId} does not exist; create it first`);
  if (state.status === 'cancelled') throw new IllegalStateError(`plan ${state.id} is cancelled; its copies are stopped, so there is no rate to change`);
  if (state.status === 'started' && ended(state, command.data.migrationPhases)) {
    throw new IllegalStateError(
      `plan ${state.id} has ended: each of its migrations completed, failed or was cancelled, so no copy would take the new rate; retry a failed migration (RetryMigration) first, or create a new plan`,
    );
  }
  if (cap === state.spec.maxDiskBytesPerSecond) return []; // the caller's retry, or no change
  return [{ type: 'PlanDiskRateSet', data: { meta: { planId: state.id, at: command.data.meta.at, causeCommandId: command.data.meta.commandId }, maxDiskBytesPerSecond: cap } }];
}

export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  switch (command.type) {
    case 'CreatePlan':
      return createPlan(command, state);
    case 'StartPlan':
      return startPlan(command, state);
    case 'CancelPlan':
      return cancelPlan(command, state);
    case 'SetDiskRate':
      return setDiskRate(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = { decide: decidePlan, evolve: evolvePlan, initialState: initialPlanState };
