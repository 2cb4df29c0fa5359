// Feeds the FleetView from the event store: every migration event from the first, then new ones as
// they come. When the subscription ends (NATS went away) it follows again from where it stopped, so
// the dashboards catch up after an outage instead of freezing.
import type { EventStore, EventSubscription } from '@ferry/event-store';
import { migrationCodec } from '../migration/migration-codec';
import type { FleetView } from './fleet-view';

/** Between two tries to follow the store again after the subscription ended. */
const RETRY_MS = 2000;

export class FleetFollower {
  private followed = 0;
  private subscription: EventSubscription | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly fleet: FleetView,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts following in the background; a store not reachable yet is tried again. */
  start(): void {
    void this.follow();
  }

  private async follow(): Promise<void> {
    if (this.stopped) return;
    try {
      const subscription = await this.store.subscribe(this.followed + 1, async (batch) => {
        if (batch.aggregate === 'migration') {
          for (const event of batch.events) this.fleet.apply(batch.id, migrationCodec.decode(event.type, event.payload), event.occurredAt.getTime());
        }
        this.followed = batch.sequence;
      });
      this.subscription = subscription;
      await subscription.closed;
    } catch (error) {
      this.log(`fleet metrics: following the event store stopped (${error instanceof Error ? error.message : String(error)}); trying again in ${RETRY_MS} ms`);
    }
    if (!this.stopped) this.retry = setTimeout(() => void this.follow(), RETRY_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.subscription?.stop();
  }
}
