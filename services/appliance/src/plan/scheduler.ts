// Which of a plan's migrations to start now: never more running than the plan's concurrency limit.
import { isActive, type MigrationState } from '../migration';
import type { PlanState } from './plan-decider';

/** What the scheduler needs to know of one migration. */
export type MigrationStatusLookup = (migrationId: string) => MigrationState | undefined;

/** A migration counts as running while it works through its steps, or undoes them after a cancel. */
function isRunning(state: MigrationState): boolean {
  return isActive(state) || (state.phase === 'cancelled' && !state.compensated);
}

/**
 * The migration ids to plan (start) now, in plan order: none before the plan is started or before its
 * scheduled start; otherwise queued migrations (no events yet) up to the free slots.
 */
export function migrationsToStart(plan: PlanState, lookup: MigrationStatusLookup, nowMillis: number): string[] {
  if (plan.status !== 'started') return [];
  if (plan.spec.scheduledStartMillis > nowMillis) return [];
  const states = plan.migrations.map((m) => ({ id: m.migrationId, state: lookup(m.migrationId) ?? { phase: 'initial' as const } }));
  const running = states.filter((m) => isRunning(m.state)).length;
  const free = Math.max(0, plan.spec.concurrency - running);
  return states.filter((m) => m.state.phase === 'initial').slice(0, free).map((m) => m.id);
}
