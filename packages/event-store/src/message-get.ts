import type { JetStreamManager, MsgHdrs } from 'nats';
import { jsErrorCode, JsErrorCode } from './nats-errors';

/** One stored message as a bounded read hands it out, whichever way it was fetched. */
export interface ReadMessage {
  readonly subject: string;
  readonly seq: number;
  readonly data: Uint8Array;
  readonly headers: MsgHdrs | undefined;
}

/**
 * `$JS.API.STREAM.MSG.GET` with `next_by_subj`: the first message at or after `seq` whose subject
 * matches. nats-server answers it since 2.9; nats.js 2.29 types MsgRequest without the field, so
 * the request is built here (a plain `{ seq }` would return the message at `seq` whatever its subject).
 */
interface NextBySubjectRequest {
  readonly seq: number;
  readonly next_by_subj: string;
}

/**
 * The first message matching `filter` at or after `fromSequence`, or undefined when there is none.
 * No consumer is made: the stream leader answers from its store, so the answer includes every
 * write acknowledged before the request (a direct get could be answered by a lagging replica).
 */
export async function nextMessage(
  jsm: JetStreamManager,
  streamName: string,
  filter: string,
  fromSequence: number,
): Promise<ReadMessage | undefined> {
  const request: NextBySubjectRequest = { seq: Math.max(1, fromSequence), next_by_subj: filter };
  try {
    const stored = await jsm.streams.getMessage(streamName, request);
    return { subject: stored.subject, seq: stored.seq, data: stored.data, headers: stored.header };
  } catch (error) {
    if (jsErrorCode(error) === JsErrorCode.NoMessageFound) return undefined;
    throw error;
  }
}

/**
 * How many messages a read of `filter` between the two sequences can return at most: for one
 * subject the server's count of that subject (one stream-info request, no consumer); for a
 * wildcard the length of the range (a per-subject count would list every subject of the stream).
 */
export async function readSizeBound(
  jsm: JetStreamManager,
  streamName: string,
  range: { filter: string; fromSequence: number; untilSequence: number },
): Promise<number> {
  const span = range.untilSequence - range.fromSequence + 1;
  if (range.filter.split('.').some((token) => token === '*' || token === '>')) return span;
  const info = await jsm.streams.info(streamName, { subjects_filter: range.filter });
  return Math.min(span, info.state.subjects?.[range.filter] ?? 0);
}
