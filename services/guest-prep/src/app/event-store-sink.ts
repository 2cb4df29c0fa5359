import { type EventStore } from '@ferry/event-store';
import { type FixupEvent } from '../fixup/stage1';
import { type GuestPrepEvent } from '../prep/events';
import { encodeEvent } from '../prep/proto-codec';

/**
 * Appends a run's events to the event store as they happen (one decision each, so an operator sees
 * progress live), on `ferry.evt.<aggregate>.<run id>`. The message id is the command id plus the
 * event's position, so a redelivered command stores nothing twice. One writer per run.
 */
export class EventStoreSink {
  private version = 0;
  private position = 0;

  constructor(
    private readonly store: EventStore,
    private readonly aggregate: 'guestprep' | 'fixup',
    private readonly id: string,
  ) {}

  async append(event: GuestPrepEvent | FixupEvent): Promise<void> {
    const index = this.position++;
    const result = await this.store.append({ aggregate: this.aggregate, id: this.id }, [encodeEvent(event)], {
      expectedVersion: this.version,
      commandId: `${event.meta.causeCommandId}-${index}`,
      actor: `${event.meta.actor.kind}:${event.meta.actor.id}`,
      traceId: event.meta.traceId,
      occurredAt: new Date(event.meta.atUnixMillis),
    });
    this.version = result.version;
  }
}
