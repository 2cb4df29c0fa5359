import type { EventStore, EventSubscription, StoredBatch } from './types';

/**
 * A read model. It keeps its checkpoint (the last sequence it applied) in its OWN store, written
 * in the same transaction as the change a batch makes: then a crash can never leave the read
 * model and its checkpoint disagreeing (a separate KV checkpoint could be ahead of or behind the
 * data after a crash, and apply() would have to be idempotent to survive that).
 */
export interface Projection {
  readonly name: string;
  /** The last sequence applied; 0 when none. */
  checkpoint(): Promise<number>;
  /** Applies one decision and records batch.sequence as the checkpoint, atomically. */
  apply(batch: StoredBatch): Promise<void>;
  /** Drops every row and sets the checkpoint to 0 (rebuild from zero). */
  reset(): Promise<void>;
}

/** Feeds a projection from the store: live from its checkpoint, or rebuilt from zero. */
export class ProjectionRunner {
  private subscription: EventSubscription | undefined;
  private applied = 0;
  private waiters: Array<{ sequence: number; resolve: () => void; reject: (error: unknown) => void }> = [];
  private failure: unknown;

  constructor(
    private readonly store: EventStore,
    private readonly projection: Projection,
  ) {}

  /** Starts consuming after the projection's checkpoint. */
  async start(): Promise<void> {
    if (this.subscription) return;
    this.failure = undefined;
    this.applied = await this.projection.checkpoint();
    const subscription = await this.store.subscribe(this.applied + 1, async (batch) => {
      if (batch.sequence <= this.applied) return; // already applied before a reconnect
      await this.projection.apply(batch);
      this.applied = batch.sequence;
      this.notify();
    });
    this.subscription = subscription;
    subscription.closed.catch((error: unknown) => {
      this.failure = error;
      for (const waiter of this.waiters) waiter.reject(error);
      this.waiters = [];
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** Resolves once everything up to `sequence` (default: the store's last sequence now) is applied. */
  async caughtUp(sequence?: number): Promise<void> {
    const target = sequence ?? (await this.store.lastSequence());
    if (this.failure !== undefined) throw this.failure;
    if (this.applied >= target) return;
    await new Promise<void>((resolve, reject) => this.waiters.push({ sequence: target, resolve, reject }));
  }

  /** Stops, drops the projection's state, and replays from sequence 1 until caught up with the store, then runs live again. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.projection.reset();
    await this.start();
    await this.caughtUp();
  }

  /** The last sequence this runner applied. */
  get position(): number {
    return this.applied;
  }

  private notify(): void {
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (this.applied >= waiter.sequence) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }
}
