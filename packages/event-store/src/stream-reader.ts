import type { JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { nextMessage, readSizeBound, type ReadMessage } from './message-get';
import { readThroughConsumer, type ConsumerReadOptions } from './read-consumer';

/** Which messages to read: a subject filter and an inclusive sequence range. */
export interface ReadRange {
  readonly filter: string;
  readonly fromSequence: number;
  /** Stop after this sequence; omit to keep following new messages. */
  readonly untilSequence?: number;
}

/** An open read; close() ends it even while the reader waits for the next message. */
export interface OpenRead {
  readonly messages: AsyncIterable<JsMsg>;
  close(): Promise<void>;
}

/**
 * The longest read done without a consumer, one request a message. Measured on loopback against
 * nats-server 2.9.10: a get is ~0.18 ms; a consumer made, drained and deleted ~1.2 ms plus ~0.01 ms
 * a message; they break even near 7 messages. Small aggregates (plans, a migration early in its
 * life) are then read without creating anything on the server.
 */
export const SHORT_READ_LIMIT = 8;

/**
 * Follows new messages through an ordered consumer (ephemeral, flow-controlled, recreated by the
 * client after a gap or a reconnect); close() stops it and deletes its consumer. For a live
 * subscription; a bounded read uses readStream.
 */
export async function openRead(js: JetStreamClient, streamName: string, range: ReadRange): Promise<OpenRead> {
  const consumer = await js.consumers.get(streamName, {
    filterSubjects: range.filter,
    opt_start_seq: Math.max(1, range.fromSequence),
  });
  const consumed = await consumer.consume();
  return {
    messages: consumed,
    close: async () => {
      await consumed.close();
      // Without this the server keeps the consumer for the 5 minutes nats.js gives ordered consumers.
      await consumer.delete().catch(() => false);
    },
  };
}

/**
 * Every message matching `range.filter` from `fromSequence` to `untilSequence`, in stream order,
 * holding at most one pull of messages in memory, and leaving nothing on the server: a read of at
 * most SHORT_READ_LIMIT messages fetches them one by one without a consumer; a longer one goes
 * through one short-lived consumer that is deleted when the read ends, also when the reader stops
 * early or a step fails (see readThroughConsumer).
 */
export async function* readStream(
  jsm: JetStreamManager,
  streamName: string,
  range: ReadRange & { untilSequence: number },
  options: ConsumerReadOptions & { withoutConsumer?: boolean } = {},
): AsyncGenerator<ReadMessage> {
  const until = range.untilSequence;
  if (until < range.fromSequence) return;
  let cursor = range.fromSequence;
  const bound = await readSizeBound(jsm, streamName, { filter: range.filter, fromSequence: cursor, untilSequence: until });
  if (bound === 0) return;
  // A replicated stream on nats-server 2.9.10 with one node down timed out about half the consumer
  // creations of a read (docs/event-store.md, "Cluster mode"); one get a message never did.
  const limit = options.withoutConsumer ? Number.MAX_SAFE_INTEGER : SHORT_READ_LIMIT;
  if (bound <= limit) {
    for (let read = 0; read < limit; read++) {
      const message = await nextMessage(jsm, streamName, range.filter, cursor);
      if (!message || message.seq > until) return;
      yield message;
      cursor = message.seq + 1;
      if (cursor > until) return;
    }
  }
  yield* readThroughConsumer(jsm, streamName, { filter: range.filter, fromSequence: cursor, untilSequence: until }, options);
}
