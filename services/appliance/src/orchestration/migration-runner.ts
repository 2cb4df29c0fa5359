// Runs the cold migration process manager: follows the event store, and for each stored decision runs
// the effect the process manager asks for, recording its outcome as commands through the decider.
// On start it reloads every migration that is not over and runs its current step again (steps are
// idempotent), so an appliance killed mid-migration carries on from its stored events. It does the same
// whenever the store's connection comes back and every REDRIVE_INTERVAL_MS: a step whose outcome the
// store could not take is not a failure of the step, it is run again (its command ids are the same).
import { createHash } from 'node:crypto';
import { foldEvents, handleCommand, type EventStore, type EventSubscription, type StoredBatch } from '@ferry/event-store';
import { isActive, migrationCodec, migrationDecider, migrationStream, type MigrationCommand, type MigrationEvent, type MigrationState } from '../migration';
import type { Effect } from './effects';
import { runEffect, StepInterrupted } from './effect-runner';
import type { DiskCopyPort, MigrationPorts } from './ports';
import { effectForState, nextEffect, type ProcessManagerOptions } from './process-manager';
import { effectToRedrive, planRedrives } from './redrive';
import { isDecision, OutcomeNotRecorded, type StoreLink } from './store-link';
import { activeTraceId, contextOfTrace, inSpan } from '@ferry/service-kit';

/** What the runner needs besides the ports. */
export interface MigrationRunnerOptions extends ProcessManagerOptions {
  /** Who the recorded outcomes are attributed to, e.g. "service:appliance". */
  readonly actor: string;
  /** Called when a migration of `planId` ends (completed, failed, or cancelled and cleaned up): plan the queued ones. */
  readonly onMigrationEnded: (planId: string) => Promise<unknown>;
  readonly log: (message: string) => void;
  readonly clock?: () => number;
  /** In-place re-runs of a step that failed transiently, and the first pause (tripled each time). Default 3 and 2 s. */
  readonly stepRetries?: number;
  readonly stepRetryBackoffMs?: number;
  /** How long a step waits for an unreachable vCenter before it fails (StepRetryPolicy.vcenterOutageMs). */
  readonly vcenterOutageMs?: number;
  /** How long a step waits for a Ferry service that takes no command (StepRetryPolicy.serviceOutageMs). */
  readonly serviceOutageMs?: number;
  /** The store's connection: each reconnect re-drives every unfinished migration. Without it only the timer does. */
  readonly storeLink?: StoreLink;
  /** Re-drives every unfinished migration this often as a safety net; 0 or absent: never. */
  readonly redriveIntervalMs?: number;
  /**
   * The leader lease's fence: false from the moment this replica may no longer act (its term is lost or
   * may have expired). Checked before each effect starts and before each outcome is appended. Absent: always true.
   */
  readonly fence?: () => boolean;
}

/** Pause before a re-drive is tried again when the store answered the connection but not the reads. */
const REDRIVE_AGAIN_MS = 1000;

/** Events after which a plan may have a free slot (a cancel with nothing to undo ends at once). */
const ENDING: ReadonlySet<string> = new Set(['MigrationCompleted', 'MigratedBack', 'MigrationFailed', 'MigrationCancelled', 'CompensationCompleted']);

export class MigrationRunner {
  private subscription: EventSubscription | undefined;
  /** The effect chain of each migration: effects of one migration run one after another. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Effects queued or running, by migration/kind/attempt, so one decision never starts a step twice. */
  private readonly inFlight = new Set<string>();
  /**
   * Effects whose outcome was recorded, by the same key: a decision handled late (a re-drive ran its
   * step first) does not run the step again. Forgotten when the migration ends; a retry is a new attempt.
   */
  private readonly recorded = new Set<string>();
  private stopped = false;
  private readonly stopping = new AbortController();
  /** Aborted while the store is unreachable: a step waiting to run again in place is dropped, to be re-driven. */
  private outage = new AbortController();
  /** Migrations that may be unfinished: every one seen at start or in an event since. */
  private readonly tracked = new Set<string>();
  /** Migrations whose last effect ended with its outcome unrecorded: re-driven when their chain is idle. */
  private readonly unrecorded = new Set<string>();
  /** The trace id of each migration (its first event's): its steps run as spans in it. */
  private readonly traces = new Map<string, string>();
  /** The last store sequence handed to onBatch, to follow on from after the subscription ended. */
  private followed = 0;
  private following = false;
  private redriving: Promise<void> | undefined;
  private redriveAgain: string | undefined;
  /** Re-drives in a row that could not read every migration: each waits twice as long as the one before. */
  private failedRedrives = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Effects due later (a pre-copy delta sync waits for its interval), by effect key: woken by their timer, not by events. */
  private readonly deferred = new Map<string, { readonly at: number; readonly timer: NodeJS.Timeout }>();
  private unlinkStore: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly ports: MigrationPorts,
    private readonly options: MigrationRunnerOptions,
  ) {}

  /** Resumes every unfinished migration, then follows new events from the store's current end. */
  async start(): Promise<void> {
    const last = await this.store.lastSequence();
    const latest = new Map<string, number>();
    for await (const batch of this.store.replayAll()) {
      if (batch.aggregate === 'migration') latest.set(batch.id, batch.sequence);
    }
    const plans = new Set<string>();
    for (const migrationId of latest.keys()) {
      this.tracked.add(migrationId);
      const { state, last: lastEvent } = await this.load(migrationId);
      if (state.phase !== 'initial') plans.add(state.facts.planId);
      const effect = isActive(state) ? effectForState(state, this.options) : lastEvent ? nextEffect(state, lastEvent, this.options) : undefined;
      if (effect) {
        this.options.log(`resuming migration ${migrationId} at ${state.phase}: ${effect.kind}`);
        this.schedule(effect, state);
      }
    }
    // A migration may have ended just before a crash, before the queued ones were planned.
    for (const planId of plans) await this.options.onMigrationEnded(planId).catch((error: unknown) => this.options.log(`planning queued migrations of ${planId}: ${describe(error)}`));
    this.followed = last;
    await this.follow();
    let wasUp = this.storeUp();
    if (!wasUp) this.outage.abort();
    this.unlinkStore = this.options.storeLink?.onChange(() => {
      const up = this.storeUp();
      if (up === wasUp) return;
      wasUp = up;
      if (!up) return this.outage.abort();
      this.outage = new AbortController();
      this.requestRedrive('the event store is reachable again');
    });
    const every = this.options.redriveIntervalMs ?? 0;
    if (every > 0) {
      const timer = setInterval(() => this.requestRedrive(`periodic, every ${every} ms`), every);
      timer.unref();
      this.timers.add(timer);
    }
  }

  /**
   * Re-drives every unfinished migration that has no effect queued or running: runs its current step
   * (or its compensation) again. One at a time; a request during a re-drive runs once it is done.
   */
  requestRedrive(reason: string): void {
    if (this.stopped) return;
    if (this.redriving) {
      this.redriveAgain = reason;
      return;
    }
    this.redriving = this.redrive(reason).catch((error: unknown) => this.options.log(`re-drive (${reason}) failed: ${describe(error)}`)).finally(() => {
      this.redriving = undefined;
      const again = this.redriveAgain;
      this.redriveAgain = undefined;
      if (again !== undefined) this.requestRedrive(again);
    });
  }

  /** Waits for a re-drive under way (for tests and shutdown). */
  async redriven(): Promise<void> {
    while (this.redriving) await this.redriving;
  }

  private async redrive(reason: string): Promise<void> {
    if (!this.storeUp()) return; // the reconnect asks again
    let complete = true;
    try {
      if (!this.following) await this.follow();
    } catch (error) {
      complete = false;
      this.options.log(`re-drive (${reason}): following the event store again failed: ${describe(error)}`);
    }
    const plans = new Set<string>();
    for (const migrationId of [...this.tracked]) {
      if (this.stopped) return;
      try {
        const { state } = await this.load(migrationId);
        const [redrive] = planRedrives([state], (id) => this.chains.has(id), this.options);
        if (redrive) {
          const step = redrive.effect.kind;
          this.options.log(`re-driving migration ${migrationId} at ${redrive.state.phase}: step ${step} (${reason})`);
          this.schedule(redrive.effect, redrive.state);
        } else if (state.phase === 'initial' || state.phase === 'completed' || (state.phase === 'migrated-back' && (!state.purge || state.purge.done)) || state.phase === 'failed' || (state.phase === 'cancelled' && state.compensated)) {
          // Over (or failed, until an operator retries: that event tracks it again).
          this.tracked.delete(migrationId);
          this.forgetRecorded(migrationId);
          this.traces.delete(migrationId);
          if (state.phase !== 'initial') plans.add(state.facts.planId);
        }
      } catch (error) {
        complete = false;
        this.options.log(`re-drive (${reason}): loading migration ${migrationId} failed: ${describe(error)}`);
      }
    }
    // An ending seen while the store was down may not have planned the plan's queued migrations.
    for (const planId of plans) await this.options.onMigrationEnded(planId).catch((error: unknown) => this.options.log(`planning queued migrations of ${planId}: ${describe(error)}`));
    // A store that answers the connection but not yet the reads (JetStream starting): again soon, then less often.
    this.failedRedrives = complete ? 0 : this.failedRedrives + 1;
    if (!complete) this.later(() => this.requestRedrive(`${reason}; again after a failed read`), Math.min(REDRIVE_AGAIN_MS * 2 ** (this.failedRedrives - 1), 60_000));
  }

  /** Follows new events from the last one handled; the subscription ending (the store went away) is logged and repaired by the next re-drive. */
  private async follow(): Promise<void> {
    const subscription = await this.store.subscribe(this.followed + 1, (batch) => this.onBatch(batch));
    this.subscription = subscription;
    this.following = true;
    subscription.closed
      .catch((error: unknown) => this.options.log(`event subscription ended: ${describe(error)}; the next re-drive follows the store again`))
      .finally(() => {
        if (this.subscription === subscription) this.following = false;
      });
  }

  /** False (and said) once the leader lease is lost: a deposed replica starts and records nothing more. */
  private fenced(what: string): boolean {
    if (this.options.fence?.() ?? true) return true;
    this.options.log(`${what}: this appliance replica no longer holds the leader lease`);
    return false;
  }

  private storeUp(): boolean {
    return this.options.storeLink?.connected() ?? true;
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Stops following events and waits for running effects (they are idempotent, so a kill is safe too). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.unlinkStore?.();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const { timer } of this.deferred.values()) clearTimeout(timer);
    this.deferred.clear();
    await this.redriven();
    await this.subscription?.stop();
    await Promise.allSettled([...this.chains.values()]);
  }

  /** Never throws: an error would end the subscription. A batch it could not handle is left to the re-drive. */
  private async onBatch(batch: StoredBatch): Promise<void> {
    this.followed = Math.max(this.followed, batch.sequence);
    if (batch.aggregate !== 'migration' || this.stopped) return;
    this.tracked.add(batch.id);
    try {
      await this.handleBatch(batch);
    } catch (error) {
      this.options.log(`migration ${batch.id}: event ${batch.sequence} not handled (${describe(error)}); the next re-drive carries it on`);
    }
  }

  private async handleBatch(batch: StoredBatch): Promise<void> {
    const { state, last } = await this.load(batch.id, batch.sequence);
    if (!last || state.phase === 'initial') return;
    if (batch.events.some((e) => e.type === 'DiskRateSet')) for (const copies of this.cappedCopies()) copies.setRate(batch.id, state.facts.maxDiskBytesPerSecond);
    const effect = nextEffect(state, last, this.options);
    if (effect) this.schedule(effect, state);
    if (batch.events.some((e) => ENDING.has(e.type))) {
      for (const copies of this.cappedCopies()) copies.forgetRate(batch.id);
      this.forgetRecorded(batch.id);
      // Its trace id is let go unless a step still runs for it (a cancel's compensation); a retry loads it again.
      if (!effect) this.traces.delete(batch.id);
      await this.options.onMigrationEnded(state.facts.planId).catch((error: unknown) => this.options.log(`planning queued migrations of ${state.facts.planId}: ${describe(error)}`));
    }
  }

  /** The copies a migration's disk rate cap applies to: cold copies and pre-copy syncs, and a warm migration's hydration. */
  private cappedCopies(): DiskCopyPort[] {
    return this.ports.warm ? [this.ports.diskCopy, this.ports.warm.hydration] : [this.ports.diskCopy];
  }

  private forgetRecorded(migrationId: string): void {
    for (const key of this.recorded) if (key.startsWith(`${migrationId}/`)) this.recorded.delete(key);
  }

  /** The migration's state after its decisions up to `upTo` (default: all), and its last event. */
  private async load(migrationId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<{ state: MigrationState; last: MigrationEvent | undefined }> {
    const loaded = await this.store.load(migrationStream(migrationId));
    // The trace of the call that planned it: every step of the migration is a span in it.
    const traceId = loaded.events[0]?.traceId;
    if (traceId) this.traces.set(migrationId, traceId);
    const events = loaded.events.filter((e) => e.sequence <= upTo).map((e) => migrationCodec.decode(e.type, e.payload));
    return { state: foldEvents(migrationDecider, events), last: events.at(-1) };
  }

  /**
   * An effect due later waits for its time outside the migration's chain (an event may bring other work
   * first, e.g. a cutover); at its time the migration's state is loaded again and its current step scheduled.
   */
  private defer(effect: Effect, key: string, at: number): void {
    const waiting = this.deferred.get(key);
    if (waiting && waiting.at <= at) return;
    if (waiting) clearTimeout(waiting.timer);
    const timer = setTimeout(() => {
      this.deferred.delete(key);
      void this.wake(effect.migrationId);
    }, Math.max(0, at - this.now()));
    timer.unref();
    this.deferred.set(key, { at, timer });
  }

  private async wake(migrationId: string): Promise<void> {
    if (this.stopped) return;
    try {
      const { state } = await this.load(migrationId);
      const effect = effectToRedrive(state, this.options);
      if (effect) this.schedule(effect, state);
    } catch (error) {
      this.options.log(`migration ${migrationId}: waking its step due now failed (${describe(error)}); the next re-drive carries it on`);
    }
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private schedule(effect: Effect, state: MigrationState): void {
    const attempt = state.phase === 'initial' ? 1 : state.facts.attempt;
    // A step that runs once per generation (a pre-copy sync) is one effect per generation.
    const key = `${effect.migrationId}/${effect.kind}/${attempt}${'generation' in effect ? `/g${effect.generation}` : ''}`;
    if (this.inFlight.has(key) || this.recorded.has(key)) return;
    if ('notBefore' in effect && effect.notBefore !== undefined && effect.notBefore > this.now()) return this.defer(effect, key, effect.notBefore);
    const waiting = this.deferred.get(key);
    if (waiting) {
      clearTimeout(waiting.timer);
      this.deferred.delete(key);
    }
    this.inFlight.add(key);
    const previous = this.chains.get(effect.migrationId) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (!this.fenced(`${effect.kind} of migration ${effect.migrationId} not started`)) return;
      const outage = this.outage.signal;
      // Set when a command of this run did not reach the store: a failure after it is the store's, not the step's.
      const storeFailed = { last: false };
      try {
        const span = { 'ferry.migration_id': effect.migrationId, 'ferry.step': effect.kind, 'ferry.attempt': attempt };
        await inSpan(`step ${effect.kind}`, span, () => runEffect(effect, this.ports, {
          now: this.options.clock ?? Date.now,
          commandId: (outcome) => `${effect.migrationId}/${outcome}/a${attempt}`,
          send: (command) => this.send(command, storeFailed),
          retry: { retries: this.options.stepRetries ?? 3, backoffMs: this.options.stepRetryBackoffMs ?? 2000, vcenterOutageMs: this.options.vcenterOutageMs ?? 0, serviceOutageMs: this.options.serviceOutageMs ?? 0, log: this.options.log, signal: AbortSignal.any([this.stopping.signal, outage]) },
          stopping: this.stopping.signal,
        }), contextOfTrace(this.traces.get(effect.migrationId) ?? ''));
        this.recorded.add(key);
      } catch (error) {
        if (this.stopped || !(this.options.fence?.() ?? true)) {
          this.options.log(`migration ${effect.migrationId}: ${effect.kind} dropped unrecorded: the runner is stopping or lost the leader lease (${describe(error)})`);
        } else if (error instanceof OutcomeNotRecorded || outage.aborted || storeFailed.last) {
          this.unrecorded.add(effect.migrationId);
          const why = error instanceof StepInterrupted ? 'its re-run in place was dropped' : describe(error);
          this.options.log(`migration ${effect.migrationId}: ${effect.kind} not recorded, the event store is unreachable (${why}); it runs again when the store answers`);
        } else {
          this.options.log(`migration ${effect.migrationId}: ${effect.kind} ended without a recorded outcome: ${describe(error)}`);
        }
      } finally {
        this.inFlight.delete(key);
      }
    });
    this.chains.set(effect.migrationId, next);
    void next.finally(() => {
      if (this.chains.get(effect.migrationId) !== next) return;
      this.chains.delete(effect.migrationId);
      // Run it again as soon as the store answers: now if it is connected (after a pause), else at the reconnect.
      if (this.unrecorded.delete(effect.migrationId) && this.storeUp()) {
        this.later(() => this.requestRedrive(`the outcome of ${effect.kind} of ${effect.migrationId} was not recorded`), Math.max(this.options.stepRetryBackoffMs ?? REDRIVE_AGAIN_MS, 250));
      }
    });
  }

  /**
   * Records an outcome through the decider. A command the store did not take is OutcomeNotRecorded;
   * a Fail after such a miss in the same run is not recorded either: the store failed, not the step.
   */
  private async send(command: MigrationCommand, storeFailed: { last: boolean }): Promise<void> {
    const { commandId, migrationId } = command.data.meta;
    if (!this.fenced(`${command.type} of migration ${migrationId} not recorded`)) {
      throw new OutcomeNotRecorded(`${command.type} of migration ${migrationId} not recorded: this appliance replica no longer leads`);
    }
    if (!this.storeUp()) {
      storeFailed.last = true;
      throw new OutcomeNotRecorded(`${command.type} of migration ${migrationId} not recorded: the event store is unreachable`);
    }
    if (command.type === 'Fail' && storeFailed.last) {
      throw new OutcomeNotRecorded(`${command.type} of migration ${migrationId} not recorded: the step failed because the event store did not take its last command (${command.data.reason})`);
    }
    try {
      // The step's span is active: its outcome is recorded in the migration's trace.
      await handleCommand(this.store, migrationStream(migrationId), migrationDecider, migrationCodec, command, { commandId, actor: this.options.actor, traceId: activeTraceId() || traceIdOf(commandId) });
      storeFailed.last = false;
    } catch (error) {
      if (isDecision(error)) throw error;
      storeFailed.last = true;
      throw new OutcomeNotRecorded(`${command.type} of migration ${migrationId} not recorded: ${describe(error)}`, { cause: error });
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Without a trace (telemetry off): a W3C trace id (32 hex digits) derived from the command id, stable when an effect is re-run. */
function traceIdOf(commandId: string): string {
  return createHash('sha256').update(commandId).digest('hex').slice(0, 32);
}
