import { AckPolicy, DeliverPolicy, nanos, nuid, type ConsumerConfig, type JetStreamManager } from 'nats';
import { UnavailableError } from '@ferry/errors';
import type { ReadMessage } from './message-get';

/** Names of the consumers a bounded read makes, so an operator can tell them apart in /jsz. */
export const READ_CONSUMER_PREFIX = 'ferry_read_';

/**
 * How long the server keeps a read consumer nobody pulls from. The read deletes its consumer
 * itself; this only bounds what a read leaves when it cannot (its process died, its connection
 * went): 5 s instead of the 5 minutes of a nats.js ordered consumer. A reader that pauses longer
 * between two batches loses its consumer and the read goes on with a new one from where it was.
 */
export const READ_CONSUMER_IDLE_MS = 5_000;

/** Messages per pull: what a read holds in memory at most. */
const FETCH_BATCH = 256;
/** A pull ends after this even when messages are missing (the server lost the consumer, the connection broke). */
const FETCH_EXPIRES_MS = 2_000;
/** Consumers in a row that delivered nothing before the read gives up. */
const MAX_FRUITLESS_CONSUMERS = 3;

/** Settings of a read through a consumer; the defaults are what the store uses. */
export interface ConsumerReadOptions {
  /** The consumer's inactive_threshold. Default READ_CONSUMER_IDLE_MS. */
  readonly idleMs?: number;
}

/**
 * Reads `filter`'s messages from `fromSequence` to `untilSequence` through a short-lived consumer
 * (ephemeral, unacknowledged, in memory, one replica) that is deleted when the read ends: at the
 * last message, when the reader stops early, or on an error. Messages come in stream order; a
 * delivery gap (messages lost with a broken connection) or a consumer the server dropped makes the
 * read continue with a new consumer from the sequence after the last message it handed out.
 */
export async function* readThroughConsumer(
  jsm: JetStreamManager,
  streamName: string,
  range: { filter: string; fromSequence: number; untilSequence: number },
  options: ConsumerReadOptions = {},
): AsyncGenerator<ReadMessage> {
  const until = range.untilSequence;
  let cursor = range.fromSequence;
  let fruitless = 0;
  while (cursor <= until) {
    const name = `${READ_CONSUMER_PREFIX}${nuid.next()}`;
    let info;
    try {
      info = await jsm.consumers.add(streamName, readConsumerConfig(name, range.filter, cursor, options.idleMs ?? READ_CONSUMER_IDLE_MS));
    } catch (error) {
      // The server may have made it and only the answer got lost.
      await deleteReadConsumer(jsm, streamName, name);
      throw error;
    }
    const startedAt = cursor;
    let finished = false;
    let interruption: unknown;
    try {
      const consumer = jsm.jetstream().consumers.getPullConsumerFor(info);
      let pending = info.num_pending;
      let delivered = 0;
      pulls: while (!finished) {
        if (pending === 0 || cursor > until) {
          finished = true;
          break;
        }
        const batch = await consumer.fetch({ max_messages: Math.min(FETCH_BATCH, pending, until - cursor + 1), expires: FETCH_EXPIRES_MS });
        let received = 0;
        try {
          for await (const message of batch) {
            if (message.info.deliverySequence !== delivered + 1) break pulls;
            delivered++;
            received++;
            pending = message.info.pending;
            if (message.seq > until) {
              finished = true;
              break pulls;
            }
            yield { subject: message.subject, seq: message.seq, data: message.data, headers: message.headers };
            cursor = message.seq + 1;
          }
        } catch (error) {
          // The pull failed (heartbeats missed, consumer deleted): not the reader's error, go on with a new consumer.
          interruption = error;
          break;
        }
        // No batch.close(): leaving the loop already stopped the pull, and in nats.js 2.29 close() after a
        // break waits for ever.
        if (received === 0) break;
      }
    } finally {
      await deleteReadConsumer(jsm, streamName, name);
    }
    if (finished) return;
    fruitless = cursor > startedAt ? 0 : fruitless + 1;
    if (fruitless >= MAX_FRUITLESS_CONSUMERS) {
      throw new UnavailableError(
        `reading ${range.filter} of stream ${streamName} from sequence ${cursor}: ${fruitless} consumers in a row ` +
          'delivered nothing; check that nats-server is running and reachable, then retry',
        { cause: interruption },
      );
    }
  }
}

function readConsumerConfig(name: string, filter: string, fromSequence: number, idleMs: number): Partial<ConsumerConfig> {
  return {
    name,
    filter_subject: filter,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, fromSequence),
    ack_policy: AckPolicy.None,
    mem_storage: true,
    num_replicas: 1,
    inactive_threshold: nanos(idleMs),
  };
}

/**
 * Best effort: when the server cannot be reached the read's own error is what the caller needs,
 * and the consumer goes by itself after its idle threshold.
 */
async function deleteReadConsumer(jsm: JetStreamManager, streamName: string, name: string): Promise<void> {
  try {
    await jsm.consumers.delete(streamName, name);
  } catch {
    // see above
  }
}
