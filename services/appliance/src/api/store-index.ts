// An index kept in this process over the event store, which has no query by aggregate or by name:
// before each use it reads the store from where it stopped to the store's last event (the first use
// reads it all) and hands every batch to `apply`. Used by the plan names and the site catalog.
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

  /** Reads the batches stored since the last catch-up, up to the store's last one now; concurrent calls share one read. */
  catchUp(): Promise<void> {
    this.running ??= this.read().finally(() => (this.running = undefined));
    return this.running;
  }

  private async read(): Promise<void> {
    const last = await this.store.lastSequence();
    if (last <= this.indexed) return;
    let reached: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (reached = resolve));
    const subscription = await this.store.subscribe(this.indexed + 1, async (batch) => {
      this.indexed = Math.max(this.indexed, batch.sequence);
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
