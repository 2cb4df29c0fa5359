// Every plan and migration of the site, for ListPlans and ListMigrations: plans in the order they were
// created, migrations in the order they were planned with their plan, VM and current phase (folded from
// their events). A StoreIndex keeps it current before each list.
import { ValidationError } from '@ferry/errors';
import type { EventStore, StoredBatch } from '@ferry/event-store';
import { migrationCodec, migrationDecider, PHASE_NUMBERS, type MigrationState } from '../migration';
import { planCodec } from '../plan';
import { nameKey } from './plan-names';
import { StoreIndex } from './store-index';

/** What ListMigrations filters on; empty fields match everything. */
export interface MigrationFilter {
  readonly planId: string;
  /** A ferry.migration.v1.Phase number; 0: any. */
  readonly phase: number;
  readonly vmMoref: string;
}

/** A page of ids, the token of the next one ('' at the end) and how many match in all. */
export interface IdPage {
  readonly ids: string[];
  readonly nextPageToken: string;
  readonly totalSize: number;
}

export const LIST_PAGE = { default: 50, max: 500 } as const;

function pageOf(ids: readonly string[], pageSize: number, pageToken: string): IdPage {
  if (pageSize < 0 || pageSize > LIST_PAGE.max) throw new ValidationError('page_size', `${pageSize} is not between 1 and ${LIST_PAGE.max}; ask for at most ${LIST_PAGE.max} (0 = ${LIST_PAGE.default}) and follow next_page_token`);
  const size = pageSize || LIST_PAGE.default;
  let start = 0;
  if (pageToken) {
    const match = /^o(\d{1,9})$/.exec(Buffer.from(pageToken, 'base64url').toString('latin1'));
    if (!match) throw new ValidationError('page_token', 'is not a token returned by a previous page; start with an empty token');
    start = Number(match[1]);
  }
  const end = start + size;
  return { ids: ids.slice(start, end), nextPageToken: end < ids.length ? Buffer.from(`o${end}`, 'latin1').toString('base64url') : '', totalSize: ids.length };
}

interface MigrationEntry {
  readonly planId: string;
  readonly vmMoref: string;
  state: MigrationState;
}

export class SiteCatalog {
  private readonly plans: string[] = [];
  /** Plan ids by name key (nameKey), the first plan to take a name keeping it. */
  private readonly planNames = new Map<string, string>();
  private readonly migrations = new Map<string, MigrationEntry>();
  private readonly index: StoreIndex;

  constructor(store: EventStore) {
    this.index = new StoreIndex(store, 'the plans and migrations', (batch) => this.apply(batch));
  }

  private apply(batch: StoredBatch): void {
    for (const recorded of batch.events) {
      if (batch.aggregate === 'plan' && recorded.type === 'PlanCreated') {
        const event = planCodec.decode(recorded.type, recorded.payload);
        if (event.type === 'PlanCreated' && !this.plans.includes(event.data.meta.planId)) {
          this.plans.push(event.data.meta.planId);
          this.notePlanName(nameKey(event.data.name), event.data.meta.planId);
        }
      }
      if (batch.aggregate !== 'migration') continue;
      const event = migrationCodec.decode(recorded.type, recorded.payload);
      const entry = this.migrations.get(batch.id);
      if (entry) {
        entry.state = migrationDecider.evolve(entry.state, event);
      } else if (event.type === 'MigrationPlanned') {
        this.migrations.set(batch.id, { planId: event.data.planId, vmMoref: event.data.sourceVm.moref, state: migrationDecider.evolve(migrationDecider.initialState, event) });
      }
    }
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
    return pageOf(this.plans, pageSize, pageToken);
  }

  /** Migrations matching `filter`, in the order they were planned. */
  async listMigrations(filter: MigrationFilter, pageSize: number, pageToken: string): Promise<IdPage> {
    await this.index.catchUp();
    const ids = [...this.migrations.entries()]
      .filter(([, m]) => (!filter.planId || m.planId === filter.planId) && (!filter.vmMoref || m.vmMoref === filter.vmMoref) && (!filter.phase || PHASE_NUMBERS[m.state.phase] === filter.phase))
      .map(([id]) => id);
    return pageOf(ids, pageSize, pageToken);
  }
}
