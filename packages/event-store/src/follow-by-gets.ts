// Follows a replicated stream without a consumer: on nats-server 2.9.10 with one of three nodes down,
// creating the ordered consumer of a live subscription hung for minutes (docs/event-store.md,
// "Cluster mode"), while single-message gets answered at once. So the follower asks the stream leader
// for the next message after its cursor, and when there is none asks again after a short pause.
import type { JetStreamManager } from 'nats';
import { nextMessage, type ReadMessage } from './message-get';

/** How long the follower waits before asking again when it is at the end (or a get failed). */
export const FOLLOW_POLL_MS = 200;

/** An open follow; close() ends it, also while it waits. */
export interface GetFollower {
  readonly messages: AsyncIterable<ReadMessage>;
  close(): Promise<void>;
}

/** Every message matching `filter` from `fromSequence` on, in stream order, for as long as it is open. */
export function followByGets(jsm: JetStreamManager, streamName: string, range: { filter: string; fromSequence: number }, pollMs = FOLLOW_POLL_MS): GetFollower {
  let closed = false;
  let wake: (() => void) | undefined;
  const pause = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  async function* messages(): AsyncGenerator<ReadMessage> {
    let cursor = Math.max(1, range.fromSequence);
    while (!closed) {
      // A failed get (a stream leader being elected, a reconnect) is asked again after the pause, like an empty answer.
      const message = await nextMessage(jsm, streamName, range.filter, cursor).catch(() => undefined);
      if (closed) return;
      if (!message) {
        await pause();
        continue;
      }
      yield message;
      cursor = message.seq + 1;
    }
  }
  return {
    messages: messages(),
    async close() {
      closed = true;
      wake?.();
    },
  };
}
