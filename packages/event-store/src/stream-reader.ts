import type { JetStreamClient, JsMsg } from 'nats';

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
 * Opens an ordered consumer (ephemeral, flow-controlled, recreated by the client after a gap or
 * a reconnect) so readers never leave durable state on the server.
 */
export async function openRead(js: JetStreamClient, streamName: string, range: ReadRange): Promise<OpenRead> {
  const consumer = await js.consumers.get(streamName, {
    filterSubjects: range.filter,
    opt_start_seq: Math.max(1, range.fromSequence),
  });
  const consumed = await consumer.consume();
  const until = range.untilSequence;
  async function* bounded(): AsyncGenerator<JsMsg> {
    for await (const message of consumed) {
      yield message;
      if (until !== undefined && message.seq >= until) return;
    }
  }
  return {
    messages: until === undefined ? consumed : bounded(),
    close: async () => {
      await consumed.close();
    },
  };
}

/** Reads a bounded range in order and closes the consumer afterwards, also when the reader stops early. */
export async function* readStream(js: JetStreamClient, streamName: string, range: ReadRange & { untilSequence: number }): AsyncGenerator<JsMsg> {
  if (range.untilSequence < range.fromSequence) return;
  const read = await openRead(js, streamName, range);
  try {
    yield* read.messages;
  } finally {
    await read.close();
  }
}
