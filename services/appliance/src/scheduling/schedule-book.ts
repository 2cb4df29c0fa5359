// What is scheduled, as the stored events say: a plan's start (PlanCreated.scheduled_start_millis) and a
// migration's cutover. Pure: fed the decoded events of the store in order, it answers which wake-ups are
// still pending. The scheduler arms a timer for each; the time lives only in the events, so a restarted
// appliance rebuilds the same book from the store.
import { evolvePlan, initialPlanState, type PlanEvent, type PlanState } from '../plan';

/** One thing to do at a point in time. */
export type Wake =
  | { readonly kind: 'plan-start'; readonly planId: string; readonly at: number }
  | { readonly kind: 'cutover'; readonly migrationId: string; readonly at: number };

/** The timer key of a wake-up: one per plan start and one per migration cutover. */
export function wakeKey(wake: Wake): string {
  return wake.kind === 'plan-start' ? `plan-start:${wake.planId}` : `cutover:${wake.migrationId}`;
}

/** A plan's scheduled start is pending until the plan is cancelled or one of its migrations was planned. */
function planStartOf(plan: PlanState, begun: boolean): Wake | undefined {
  if (plan.status !== 'created' && plan.status !== 'started') return undefined;
  if (plan.spec.scheduledStartMillis <= 0 || begun) return undefined;
  return { kind: 'plan-start', planId: plan.id, at: plan.spec.scheduledStartMillis };
}

/** What the book knows of one pre-copy migration's cutover. */
interface CutoverEntry {
  readonly planId: string;
  /** Its own time (CutoverScheduled); without one the plan's scheduled cutover applies. */
  readonly atMillis?: number;
  /** Asked for, or the migration is over: nothing left to wake. */
  readonly settled: boolean;
  /** Failed: nothing to wake until it is retried. */
  readonly failed: boolean;
}

export class ScheduleBook {
  private readonly plans = new Map<string, PlanState>();
  /** Plans with at least one migration planned: their start has happened. */
  private readonly begun = new Set<string>();
  /** Pre-copy migrations, by id. */
  private readonly cutovers = new Map<string, CutoverEntry>();

  applyPlanEvent(planId: string, event: PlanEvent): void {
    this.plans.set(planId, evolvePlan(this.plans.get(planId) ?? initialPlanState, event));
  }

  /** A migration of `planId` was planned: the plan has started for real; a pre-copy one has a cutover to come. */
  migrationPlanned(migrationId: string, planId: string, precopy: boolean): void {
    this.begun.add(planId);
    if (precopy) this.cutovers.set(migrationId, { planId, settled: false, failed: false });
  }

  /** Its cutover is due at `at` (unix ms); a later schedule replaces it. */
  cutoverScheduled(migrationId: string, at: number): void {
    this.updateCutover(migrationId, { atMillis: at });
  }

  /** The cutover was asked for (by its time or by hand), or the migration ended: nothing left to wake. */
  cutoverSettled(migrationId: string): void {
    this.updateCutover(migrationId, { settled: true });
  }

  /** The migration failed (true) or was retried (false). */
  migrationFailed(migrationId: string, failed: boolean): void {
    this.updateCutover(migrationId, { failed });
  }

  /** The pending wake-up under `key`, if any. */
  wake(key: string): Wake | undefined {
    return this.pending().find((w) => wakeKey(w) === key);
  }

  /** Every pending wake-up, plan starts first. */
  pending(): Wake[] {
    const starts = [...this.plans.entries()].map(([planId, plan]) => planStartOf(plan, this.begun.has(planId)));
    const cutovers = [...this.cutovers.entries()].map(([migrationId, entry]) => this.cutoverOf(migrationId, entry));
    return [...starts, ...cutovers].filter((w): w is Wake => w !== undefined);
  }

  private cutoverOf(migrationId: string, entry: CutoverEntry): Wake | undefined {
    if (entry.settled || entry.failed) return undefined;
    const plan = this.plans.get(entry.planId);
    const at = entry.atMillis ?? (plan && plan.status !== 'none' ? plan.spec.scheduledCutoverMillis ?? 0 : 0);
    return at > 0 ? { kind: 'cutover', migrationId, at } : undefined;
  }

  private updateCutover(migrationId: string, change: Partial<CutoverEntry>): void {
    const entry = this.cutovers.get(migrationId);
    if (entry) this.cutovers.set(migrationId, { ...entry, ...change });
  }
}
