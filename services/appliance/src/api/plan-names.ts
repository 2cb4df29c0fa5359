// Plan names in use, so CreatePlan can refuse a second plan under a name operators already know: the
// site catalog keeps each PlanCreated's name. CreatePlans run one at a time through it, so two calls with
// the same name cannot both pass.
import { ValidationError } from '@ferry/errors';
import type { SiteCatalog } from './site-catalog';

/** Names are compared as operators read them: without surrounding spaces, in one Unicode form. */
export const nameKey = (name: string): string => name.trim().normalize('NFC');

export class PlanNames {
  private turn: Promise<unknown> = Promise.resolve();

  /** The names are the site catalog's: one read of the store serves the lists and this check. */
  constructor(private readonly catalog: SiteCatalog) {}

  /** Runs `work` after every earlier call's work has settled. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Refuses `name` when a plan other than `planId` (the caller's retry lands on the same id) has it. */
  async refuseTaken(name: string, planId: string): Promise<void> {
    const owner = await this.catalog.planNamed(nameKey(name));
    if (owner !== undefined && owner !== planId) {
      throw new ValidationError('name', `plan ${owner} is already named "${name.trim()}"; choose another name, or send that plan's request_id to get it again`);
    }
  }

  /** Records a plan just created, before the store is read again. */
  note(name: string, planId: string): void {
    this.catalog.notePlanName(nameKey(name), planId);
  }
}
