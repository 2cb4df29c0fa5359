// The site's migrations as the downtime prediction reads them, kept current by following the event store:
// the events that bound each step (checkpoints and progress are left out), and each plan's scheduled
// cutover. One instance serves every prediction of a process; stop() ends the subscription.
import type { EventStore, EventSubscription, StoredBatch } from '@ferry/event-store';
import { migrationCodec, type MigrationEvent } from '../migration';
import { planCodec } from '../plan';
import { stepHistory, type StepHistory } from './history';

/** The event types a prediction reads. */
const READ: ReadonlySet<string> = new Set([
  'MigrationPlanned', 'MigrationValidated', 'SourcePoweredOff', 'DiskCopyStarted', 'DiskCopyCompleted', 'TargetCreated', 'FixupCompleted', 'TargetPoweredOn',
  'MigrationCompleted', 'MigrationRetried', 'BootedOverCache', 'CutoverRequested', 'DeltaSyncStarted', 'DeltaSyncCompleted',
]);

export class SiteHistory {
  private readonly migrations = new Map<string, MigrationEvent[]>();
  private readonly planCutovers = new Map<string, number>();
  private subscription: EventSubscription | undefined;
  private starting: Promise<void> | undefined;
  private followed = 0;

  constructor(private readonly store: EventStore) {}

  /** Reads the store up to now, then follows it; calling it again waits for the first call. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      for await (const batch of this.store.replayAll()) this.read(batch);
      this.subscription = await this.store.subscribe(this.followed + 1, async (batch) => this.read(batch));
      // A subscription that ended (the store went away) is started again at the next read.
      this.subscription.closed.catch(() => (this.starting = undefined));
    })().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  /** What the migrations that completed before `cutoff` measured. */
  async history(cutoff = Number.POSITIVE_INFINITY): Promise<StepHistory> {
    await this.start();
    return stepHistory(this.migrations.values(), cutoff);
  }

  /** The events of one migration a prediction reads, oldest first. */
  async eventsOf(migrationId: string): Promise<readonly MigrationEvent[]> {
    await this.start();
    return this.migrations.get(migrationId) ?? [];
  }

  /** The plan's scheduled cutover (unix ms), 0 for none. */
  async planCutover(planId: string): Promise<number> {
    await this.start();
    return this.planCutovers.get(planId) ?? 0;
  }

  private read(batch: StoredBatch): void {
    if (batch.sequence <= this.followed) return;
    this.followed = batch.sequence;
    for (const recorded of batch.events) {
      if (batch.aggregate === 'plan' && recorded.type === 'PlanCreated') {
        const event = planCodec.decode(recorded.type, recorded.payload);
        if (event.type === 'PlanCreated' && (event.data.scheduledCutoverMillis ?? 0) > 0) this.planCutovers.set(batch.id, event.data.scheduledCutoverMillis ?? 0);
      } else if (batch.aggregate === 'migration' && READ.has(recorded.type)) {
        const events = this.migrations.get(batch.id) ?? [];
        events.push(migrationCodec.decode(recorded.type, recorded.payload));
        this.migrations.set(batch.id, events);
      }
    }
  }
}
