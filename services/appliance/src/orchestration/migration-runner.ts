// Runs the cold migration process manager: follows the event store, and for each stored decision runs
// the effect the process manager asks for, recording its outcome as commands through the decider.
// On start it reloads every migration that is not over and runs its current step again (steps are
// idempotent), so an appliance killed mid-migration carries on from its stored events.
import { createHash } from 'node:crypto';
import { foldEvents, handleCommand, type EventStore, type EventSubscription, type StoredBatch } from '@ferry/event-store';
import { isActive, migrationCodec, migrationDecider, migrationStream, type MigrationCommand, type MigrationEvent, type MigrationState } from '../migration';
import type { Effect } from './effects';
import { runEffect } from './effect-runner';
import type { MigrationPorts } from './ports';
import { effectForState, nextEffect, type ProcessManagerOptions } from './process-manager';

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
}

/** Events after which a plan may have a free slot (a cancel with nothing to undo ends at once). */
const ENDING: ReadonlySet<string> = new Set(['MigrationCompleted', 'MigrationFailed', 'MigrationCancelled', 'CompensationCompleted']);

export class MigrationRunner {
  private subscription: EventSubscription | undefined;
  /** The effect chain of each migration: effects of one migration run one after another. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Effects queued or running, by migration/kind/attempt, so one decision never starts a step twice. */
  private readonly inFlight = new Set<string>();
  private stopped = false;
  private readonly stopping = new AbortController();

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
      const { state, last: lastEvent } = await this.load(migrationId);
      if (state.phase !== 'initial') plans.add(state.facts.planId);
      const effect = isActive(state) ? effectForState(state, this.options) : lastEvent ? nextEffect(state, lastEvent, this.options) : undefined;
      if (effect) {
        this.options.log(`resuming migration ${migrationId} at ${state.phase}: ${effect.kind}`);
        this.schedule(effect, state);
      }
    }
    // A migration may have ended just before a crash, before the queued ones were planned.
    for (const planId of plans) await this.options.onMigrationEnded(planId).catch((error: unknown) => this.options.log(`planning queued migrations of ${planId}: ${String(error)}`));
    this.subscription = await this.store.subscribe(last + 1, (batch) => this.onBatch(batch));
    this.subscription.closed.catch((error: unknown) => this.options.log(`event subscription ended: ${String(error)}`));
  }

  /** Stops following events and waits for running effects (they are idempotent, so a kill is safe too). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    await this.subscription?.stop();
    await Promise.allSettled([...this.chains.values()]);
  }

  private async onBatch(batch: StoredBatch): Promise<void> {
    if (batch.aggregate !== 'migration' || this.stopped) return;
    const { state, last } = await this.load(batch.id, batch.sequence);
    if (!last || state.phase === 'initial') return;
    if (batch.events.some((e) => e.type === 'DiskRateSet')) this.ports.diskCopy.setRate(batch.id, state.facts.maxDiskBytesPerSecond);
    const effect = nextEffect(state, last, this.options);
    if (effect) this.schedule(effect, state);
    if (batch.events.some((e) => ENDING.has(e.type))) {
      this.ports.diskCopy.forgetRate(batch.id);
      await this.options.onMigrationEnded(state.facts.planId).catch((error: unknown) => this.options.log(`planning queued migrations of ${state.facts.planId}: ${String(error)}`));
    }
  }

  /** The migration's state after its decisions up to `upTo` (default: all), and its last event. */
  private async load(migrationId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<{ state: MigrationState; last: MigrationEvent | undefined }> {
    const loaded = await this.store.load(migrationStream(migrationId));
    const events = loaded.events.filter((e) => e.sequence <= upTo).map((e) => migrationCodec.decode(e.type, e.payload));
    return { state: foldEvents(migrationDecider, events), last: events.at(-1) };
  }

  private schedule(effect: Effect, state: MigrationState): void {
    const attempt = state.phase === 'initial' ? 1 : state.facts.attempt;
    const key = `${effect.migrationId}/${effect.kind}/${attempt}`;
    if (this.inFlight.has(key)) return;
    this.inFlight.add(key);
    const previous = this.chains.get(effect.migrationId) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        await runEffect(effect, this.ports, {
          now: this.options.clock ?? Date.now,
          commandId: (outcome) => `${effect.migrationId}/${outcome}/a${attempt}`,
          send: (command) => this.send(command),
          retry: { retries: this.options.stepRetries ?? 3, backoffMs: this.options.stepRetryBackoffMs ?? 2000, log: this.options.log, signal: this.stopping.signal },
        });
      } catch (error) {
        this.options.log(`migration ${effect.migrationId}: ${effect.kind} ended without a recorded outcome: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.inFlight.delete(key);
      }
    });
    this.chains.set(effect.migrationId, next);
    void next.finally(() => {
      if (this.chains.get(effect.migrationId) === next) this.chains.delete(effect.migrationId);
    });
  }

  private async send(command: MigrationCommand): Promise<void> {
    const { commandId, migrationId } = command.data.meta;
    await handleCommand(this.store, migrationStream(migrationId), migrationDecider, migrationCodec, command, { commandId, actor: this.options.actor, traceId: traceIdOf(commandId) });
  }
}

/** A W3C trace id (32 hex digits) derived from the command id: stable when an effect is re-run. */
function traceIdOf(commandId: string): string {
  return createHash('sha256').update(commandId).digest('hex').slice(0, 32);
}
