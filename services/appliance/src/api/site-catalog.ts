// Every plan and migration of the site as their events left them, kept in this process and brought up
// to the store's end before each use (StoreIndex): the list RPCs, GetPlan, GetMigration and the
// scheduler's choice of migrations to start read it instead of loading each aggregate's history. Loading
// every migration of a plan per call made a plan of N migrations cost N² reads (docs/scale.md); this
// costs one read of what was stored since the last call. A restarted appliance, or another replica,
// builds the same catalog from the store.
import type { EventStore, StoredBatch } from '@ferry/event-store';
import { migrationCodec, migrationDecider, PHASE_NUMBERS, type MigrationState } from '../migration';
import { evolvePlan, initialPlanState, planCodec, type PlanState } from '../plan';
import { pageOf, type IdPage } from './id-page';
import { nameKey } from './plan-names';
import { StoreIndex } from './store-index';

export { LIST_PAGE, type IdPage } from './id-page';

/** What ListMigrations filters on; empty fields match everything. */
export interface MigrationFilter {
  readonly planId: string;
  /** A ferry.migration.v1.Phase number; 0: any. */
  readonly phase: number;
  readonly vmMoref: string;
}

/** A plan folded from its events, and when it was created (unix ms). */
export interface PlanEntry {
  readonly state: PlanState;
  readonly createdAt: number;
}

/** A migration folded from its events, as GetMigration shows it. */
export interface MigrationEntry {
  readonly state: MigrationState;
  /** The store sequence of its last decision: the version a command appends against. */
  readonly version: number;
  /** When its last event was recorded (unix ms). */
  readonly updatedAt: number;
}

export class SiteCatalog {
  private readonly plans = new Map<string, PlanEntry>();
  /** Plan ids by name key (nameKey), the first plan to take a name keeping it. */
  private readonly planNames = new Map<string, string>();
  /** In the order of their first event (MigrationPlanned): the order ListMigrations answers in. */
  private readonly migrations = new Map<string, MigrationEntry>();
  private readonly index: StoreIndex;

  constructor(store: EventStore) {
    this.index = new StoreIndex(store, 'the plans and migrations', (batch) => this.apply(batch));
  }

  private apply(batch: StoredBatch): void {
    if (batch.aggregate === 'plan') this.applyPlan(batch);
    if (batch.aggregate !== 'migration') return;
    const entry = this.migrations.get(batch.id);
    let state = entry?.state ?? migrationDecider.initialState;
    for (const recorded of batch.events) state = migrationDecider.evolve(state, migrationCodec.decode(recorded.type, recorded.payload));
    const updatedAt = batch.events.at(-1)?.occurredAt.getTime() ?? entry?.updatedAt ?? 0;
    this.migrations.set(batch.id, { state, version: batch.sequence, updatedAt });
  }

  private applyPlan(batch: StoredBatch): void {
    const entry = this.plans.get(batch.id);
    let state = entry?.state ?? initialPlanState;
    let createdAt = entry?.createdAt ?? 0;
    for (const recorded of batch.events) {
      const event = planCodec.decode(recorded.type, recorded.payload);
      if (event.type === 'PlanCreated' && state.status === 'none') {
        createdAt = event.data.meta.at;
        this.notePlanName(nameKey(event.data.name), batch.id);
      }
      state = evolvePlan(state, event);
    }
    this.plans.set(batch.id, { state, createdAt });
  }

  /** Reads what was stored since the last call, up to the store's end at the time of this call at least. */
  catchUp(): Promise<void> {
    return this.index.catchUp();
  }

  /** The plan as of the last catchUp(); undefined when it has no events. */
  plan(planId: string): PlanEntry | undefined {
    return this.plans.get(planId);
  }

  /** The migration as of the last catchUp(); undefined when it has no events (queued, or no such migration). */
  migration(migrationId: string): MigrationEntry | undefined {
    return this.migrations.get(migrationId);
  }

  /** The plan that has a name (by its nameKey), once the catalog is current. */
  async planNamed(key: string): Promise<string | undefined> {
    await this.index.catchUp();
    return this.planNames.get(key);
  }

  /** Records a plan's name before the store is read again (the plan that just took it). */
  notePlanName(key: string, planId: string): void {
    if (!this.planNames.has(key)) this.planNames.set(key, planId);
  }

  /** Plans, oldest first. */
  async listPlans(pageSize: number, pageToken: string): Promise<IdPage> {
    await this.index.catchUp();
    const ids = [...this.plans.entries()].filter(([, p]) => p.state.status !== 'none').map(([id]) => id);
    return pageOf(ids, pageSize, pageToken);
  }

  /** Migrations matching `filter`, in the order they were planned. */
  async listMigrations(filter: MigrationFilter, pageSize: number, pageToken: string): Promise<IdPage> {
    await this.index.catchUp();
    const ids = [...this.migrations.entries()]
      .filter(([, { state }]) => state.phase !== 'initial' && (!filter.planId || state.facts.planId === filter.planId) && (!filter.vmMoref || state.facts.sourceVm.moref === filter.vmMoref) && (!filter.phase || PHASE_NUMBERS[state.phase] === filter.phase))
      .map(([id]) => id);
    return pageOf(ids, pageSize, pageToken);
  }
}
