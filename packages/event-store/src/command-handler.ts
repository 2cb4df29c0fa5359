import type { Decider } from './decider';
import { foldEvents } from './decider';
import { retryOnConcurrency, type RetryOptions } from './retry';
import type { AppendResult, EventStore, NewEvent, StreamRef } from './types';

/** How a decider's typed events become stored events and back. */
export interface EventCodec<Event> {
  encode(event: Event): NewEvent;
  decode(type: string, payload: Uint8Array): Event;
}

/** Who sends the command: goes into every event's metadata. */
export interface CommandContext {
  readonly commandId: string;
  readonly actor: string;
  readonly traceId: string;
  readonly occurredAt?: Date;
}

/**
 * Load, decide, append, retried on ConcurrencyError: the one way a command changes an aggregate.
 * Returns the stored version and the events decided (empty when the decider decided nothing).
 */
export async function handleCommand<Command, Event, State>(
  store: EventStore,
  stream: StreamRef,
  decider: Decider<Command, Event, State>,
  codec: EventCodec<Event>,
  command: Command,
  context: CommandContext,
  retry?: RetryOptions,
): Promise<AppendResult & { events: Event[] }> {
  return retryOnConcurrency(async () => {
    const loaded = await store.load(stream);
    const state = foldEvents(decider, loaded.events.map((e) => codec.decode(e.type, e.payload)));
    const events = decider.decide(command, state);
    if (events.length === 0) return { version: loaded.version, duplicate: false, events };
    const result = await store.append(stream, events.map((e) => codec.encode(e)), { ...context, expectedVersion: loaded.version });
    return { ...result, events };
  }, retry);
}
