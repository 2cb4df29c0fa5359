// Wakes scheduled work at its time: a plan's scheduled start and a migration's scheduled cutover. On
// start it reads every pending schedule from the event store (the times live only in the events) and
// arms a timer for each, so a time that passed while the appliance was down fires at once; then it
// follows the store to arm, re-arm or clear as plans and migrations are created, started or cancelled.
// The timers are the only thing that fires the work: no other event starts a scheduled plan. A fire
// that fails (the store or the inventory out of reach) is tried again after a pause, doubling up to a
// minute; stop() (SIGTERM) clears every timer.
import type { EventStore, EventSubscription, StoredBatch } from '@ferry/event-store';
import { planCodec } from '../plan';
import { readMigrationEvent } from './schedule-reader';
import { ScheduleBook, wakeKey, type Wake } from './schedule-book';
import { systemTimers, WakeTimers, type TimerPort } from './wake-timers';

/** What a wake-up does; each must be idempotent (a restart may fire a wake-up whose work was done just before). */
export interface WakeHandlers {
  /** Start the plan (StartPlan if it is only created) and plan the migrations its concurrency allows. */
  startPlan(planId: string): Promise<unknown>;
  /** Cut the pre-copy migration over: shutdown, final delta, target. */
  cutover(migrationId: string): Promise<unknown>;
  /** Told of each cutover asked for (by anyone), those in the store at start included; must not throw. */
  cutoverAskedFor?(migrationId: string): void;
}

export interface WakeSchedulerOptions {
  readonly log: (message: string) => void;
  readonly timers?: TimerPort;
  /** Pause before a failed wake-up is tried again, doubled each time up to MAX_RETRY_MS. Default 2 s. */
  readonly retryMs?: number;
}

const MAX_RETRY_MS = 60_000;
/** Timer key of following the store again after the subscription ended. */
const FOLLOW_AGAIN = 'follow-store-again';

export class WakeScheduler {
  private readonly book = new ScheduleBook();
  private readonly timers: WakeTimers;
  /** The time each wake-up key was taken in charge for (armed, firing, retried or done). */
  private readonly handled = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private readonly firing = new Set<Promise<void>>();
  private subscription: EventSubscription | undefined;
  private followed = 0;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly handlers: WakeHandlers,
    private readonly options: WakeSchedulerOptions,
  ) {
    this.timers = new WakeTimers(options.timers ?? systemTimers);
  }

  /** Reads every schedule in the store, arms its timer, then follows new events. */
  async start(): Promise<void> {
    for await (const batch of this.store.replayAll()) this.read(batch);
    this.reconcile();
    await this.follow();
  }

  /** The wake-ups armed now, by key and time (for the log and tests). */
  armed(): Array<{ key: string; at: number }> {
    return this.timers.keys().filter((key) => key !== FOLLOW_AGAIN).map((key) => ({ key, at: this.timers.armedAt(key) ?? 0 }));
  }

  /** Clears every timer, stops following and waits for wake-ups under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.stop();
    await this.subscription?.stop();
    await Promise.allSettled([...this.firing]);
  }

  private async follow(): Promise<void> {
    const subscription = await this.store.subscribe(this.followed + 1, async (batch) => {
      this.read(batch);
      this.reconcile();
    });
    this.subscription = subscription;
    subscription.closed.catch((error: unknown) => this.followAgain(`event subscription ended (${describe(error)})`));
  }

  /** Follows the store again in 5 s, and again after each failure, until it works or the scheduler stops. */
  private followAgain(why: string): void {
    if (this.stopped) return;
    this.options.log(`scheduler: ${why}; following the store again in 5 s`);
    this.timers.arm(FOLLOW_AGAIN, this.now() + 5000, () => void this.follow().catch((e: unknown) => this.followAgain(`following the store again failed (${describe(e)})`)));
  }

  private read(batch: StoredBatch): void {
    if (batch.sequence <= this.followed) return;
    this.followed = batch.sequence;
    for (const event of batch.events) {
      if (batch.aggregate === 'plan') this.book.applyPlanEvent(batch.id, planCodec.decode(event.type, event.payload));
      else if (batch.aggregate === 'migration') {
        readMigrationEvent(this.book, batch.id, event);
        if (event.type === 'CutoverRequested') this.handlers.cutoverAskedFor?.(batch.id);
      }
    }
  }

  /** Arms each pending wake-up not yet in hand (or rescheduled), clears those no longer pending. */
  private reconcile(): void {
    if (this.stopped) return;
    const pending = this.book.pending();
    const keys = new Set(pending.map(wakeKey));
    for (const wake of pending) {
      const key = wakeKey(wake);
      if (this.handled.get(key) === wake.at) continue;
      this.handled.set(key, wake.at);
      this.failures.delete(key);
      this.timers.arm(key, wake.at, () => this.fire(key, wake));
      this.options.log(`scheduler: ${describeWake(wake)} armed for ${new Date(wake.at).toISOString()}`);
    }
    for (const key of [...this.handled.keys()]) {
      if (keys.has(key)) continue;
      this.handled.delete(key);
      this.failures.delete(key);
      this.timers.disarm(key);
    }
  }

  private fire(key: string, wake: Wake): void {
    const run = (async () => {
      try {
        this.options.log(`scheduler: ${describeWake(wake)} is due (${new Date(wake.at).toISOString()})`);
        await (wake.kind === 'plan-start' ? this.handlers.startPlan(wake.planId) : this.handlers.cutover(wake.migrationId));
        this.failures.delete(key);
      } catch (error) {
        if (this.stopped || this.handled.get(key) !== wake.at) return;
        const failed = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, failed);
        const pause = Math.min((this.options.retryMs ?? 2000) * 2 ** (failed - 1), MAX_RETRY_MS);
        this.options.log(`scheduler: ${describeWake(wake)} failed (${describe(error)}); trying again in ${pause} ms`);
        this.timers.arm(key, this.now() + pause, () => this.fire(key, wake));
      }
    })();
    this.firing.add(run);
    void run.finally(() => this.firing.delete(run));
  }

  private now(): number {
    return (this.options.timers ?? systemTimers).now();
  }
}

function describeWake(wake: Wake): string {
  return wake.kind === 'plan-start' ? `start of plan ${wake.planId}` : `cutover of migration ${wake.migrationId}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
