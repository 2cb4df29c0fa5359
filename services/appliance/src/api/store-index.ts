// An index kept in this process over the event store, which has no query by aggregate or by name:
// before each use it reads the store from where it stopped to the store's last event (the first use
// reads it all) and hands every batch to `apply`. Used by the site catalog (plan names, lists, and the
// plan and migration states the API and the scheduler read).
import { UnavailableError } from '@ferry/errors';
import type { EventStore, StoredBatch } from '@ferry/event-store';

/** How long a catch-up may take before the call gives up with UNAVAILABLE. */
const CATCH_UP_MS = 15_000;

export class StoreIndex {
  /** The store sequence read up to. */
  private indexed = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    /** What is read, for the error message ("the plan names"). */
    private readonly what: string,
    private readonly apply: (batch: StoredBatch) => void,
  ) {}

  /**
   * Reads the batches stored since the last catch-up, up to the store's end at the time of the call at
   * least: what a caller wrote before calling is in the index when it resolves. Each call asks for the
   * store's end itself (a read under way may have asked before the caller's write; and a store that
   * does not answer fails the call at once, not after the read under way times out); the batches are
   * read by one read at a time, which callers share.
   */
  async catchUp(): Promise<void> {
    const target = await this.store.lastSequence();
    while (this.indexed < target) {
      this.running ??= this.read(target).finally(() => (this.running = undefined));
      await this.running;
    }
  }

  /** Reads from the last batch indexed to `last` at least. */
  private async read(last: number): Promise<void> {
    if (last <= this.indexed) return;
    let reached: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (reached = resolve));
    const subscription = await this.store.subscribe(this.indexed + 1, async (batch) => {
      if (batch.sequence <= this.indexed) return; // folded already: apply is not idempotent
      this.indexed = batch.sequence;
      this.apply(batch);
      if (batch.sequence >= last) reached();
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError(`reading ${this.what} from the event store took over ${CATCH_UP_MS / 1000} s (at ${this.indexed} of ${last}); try again shortly`)), CATCH_UP_MS);
    });
    const ended = subscription.closed.then(() => {
      throw new UnavailableError(`the event store ended the read of ${this.what} at ${this.indexed} of ${last}; try again shortly`);
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
