// Plan names in use, so CreatePlan can refuse a second plan under a name operators already know. The
// event store has no query by aggregate or by name, so the index is kept in this process: before each
// use it reads the store from where it stopped to the store's last event (the first use reads it
// all), keeping each PlanCreated's name. CreatePlans run one at a time through it, so two calls with
// the same name cannot both pass.
import { UnavailableError, ValidationError } from '@ferry/errors';
import type { EventStore, StoredBatch } from '@ferry/event-store';
import { planCodec } from '../plan';

/** How long a catch-up may take before CreatePlan gives up with UNAVAILABLE. */
const CATCH_UP_MS = 15_000;

/** Names are compared as operators read them: without surrounding spaces, in one Unicode form. */
export const nameKey = (name: string): string => name.trim().normalize('NFC');

export class PlanNames {
  private readonly owners = new Map<string, string>();
  /** The store sequence read up to. */
  private indexed = 0;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  /** Runs `work` after every earlier call's work has settled. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Refuses `name` when a plan other than `planId` (the caller's retry lands on the same id) has it. */
  async refuseTaken(name: string, planId: string): Promise<void> {
    await this.catchUp();
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
    this.indexed = Math.max(this.indexed, batch.sequence);
    if (batch.aggregate !== 'plan') return;
    for (const event of batch.events) {
      if (event.type !== 'PlanCreated') continue;
      const created = planCodec.decode(event.type, event.payload);
      if (created.type === 'PlanCreated') this.note(created.data.name, created.data.meta.planId);
    }
  }

  /** Reads the batches stored since the last catch-up, up to the store's last one now. */
  private async catchUp(): Promise<void> {
    const last = await this.store.lastSequence();
    if (last <= this.indexed) return;
    let reached: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (reached = resolve));
    const subscription = await this.store.subscribe(this.indexed + 1, async (batch) => {
      this.apply(batch);
      if (batch.sequence >= last) reached();
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError(`reading the plan names from the event store took over ${CATCH_UP_MS / 1000} s (at ${this.indexed} of ${last}); try again shortly`)), CATCH_UP_MS);
    });
    const ended = subscription.closed.then(() => {
      throw new UnavailableError(`the event store ended the read of plan names at ${this.indexed} of ${last}; try again shortly`);
    });
    try {
      await Promise.race([done, ended, late]);
    } finally {
      clearTimeout(timer);
      ended.catch(() => undefined);
      late.catch(() => undefined);
      await subscription.stop();
    }
  }
}
