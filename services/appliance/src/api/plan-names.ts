// Plan names in use, so CreatePlan can refuse a second plan under a name operators already know: a
// StoreIndex keeping each PlanCreated's name. CreatePlans run one at a time through it, so two calls with
// the same name cannot both pass.
import { ValidationError } from '@ferry/errors';
import type { EventStore, StoredBatch } from '@ferry/event-store';
import { planCodec } from '../plan';
import { StoreIndex } from './store-index';

/** Names are compared as operators read them: without surrounding spaces, in one Unicode form. */
export const nameKey = (name: string): string => name.trim().normalize('NFC');

export class PlanNames {
  private readonly owners = new Map<string, string>();
  private readonly index: StoreIndex;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(store: EventStore) {
    this.index = new StoreIndex(store, 'the plan names', (batch) => this.apply(batch));
  }

  /** Runs `work` after every earlier call's work has settled. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Refuses `name` when a plan other than `planId` (the caller's retry lands on the same id) has it. */
  async refuseTaken(name: string, planId: string): Promise<void> {
    await this.index.catchUp();
    const owner = this.owners.get(nameKey(name));
    if (owner !== undefined && owner !== planId) {
      throw new ValidationError('name', `plan ${owner} is already named "${name.trim()}"; choose another name, or send that plan's request_id to get it again`);
    }
  }

  /** Records a plan just created, before the store is read again. */
  note(name: string, planId: string): void {
    if (!this.owners.has(nameKey(name))) this.owners.set(nameKey(name), planId);
  }

  private apply(batch: StoredBatch): void {
    if (batch.aggregate !== 'plan') return;
    for (const event of batch.events) {
      if (event.type !== 'PlanCreated') continue;
      const created = planCodec.decode(event.type, event.payload);
      if (created.type === 'PlanCreated') this.note(created.data.name, created.data.meta.planId);
    }
  }
}
