import { IntegrityError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { hashEvent } from './hashing';
import type { AppendOptions, NewEvent, RecordedEvent, StoredBatch, StreamRef } from './types';

/** Current EventBatch.format, also sent as the Ferry-Batch-Format header. */
export const BATCH_FORMAT = 1;

/** A decision ready to publish: its bytes and the hash its aggregate's next event must point to. */
export interface SealedBatch {
  readonly bytes: Uint8Array;
  readonly lastHash: Uint8Array;
}

/** Stamps metadata on a decision's events and chains their hashes, starting from prevHash. */
export function sealBatch(
  stream: StreamRef,
  events: readonly NewEvent[],
  options: AppendOptions,
  prevHash: Uint8Array,
  occurredAt: Date,
): SealedBatch {
  let previous: Buffer = Buffer.from(prevHash);
  const stored: ferry.eventstore.v1.IStoredEvent[] = [];
  for (const event of events) {
    const metadata = {
      actor: options.actor,
      commandId: options.commandId,
      traceId: options.traceId,
      occurredAtUnixMillis: occurredAt.getTime(),
      aggregate: stream.aggregate,
      aggregateId: stream.id,
      prevHash: previous,
    };
    const hash = hashEvent({ ...metadata, id: stream.id, type: event.type, payload: event.payload });
    stored.push({ type: event.type, payload: event.payload, metadata, hash });
    previous = hash;
  }
  const bytes = ferry.eventstore.v1.EventBatch.encode({ format: BATCH_FORMAT, events: stored }).finish();
  return { bytes, lastHash: previous };
}

/** Decodes one stream message into events; throws IntegrityError naming subject and sequence when it is not an EventBatch. */
export function decodeBatch(data: Uint8Array, sequence: number, subject: string, stream: StreamRef): StoredBatch {
  let batch: ferry.eventstore.v1.EventBatch;
  try {
    batch = ferry.eventstore.v1.EventBatch.decode(data);
  } catch (error) {
    throw new IntegrityError(
      `message ${subject} seq ${sequence} is not a ferry.eventstore.v1.EventBatch (${(error as Error).message}); run 'ferry audit verify' to list every damaged message`,
      { cause: error },
    );
  }
  const events = batch.events.map((event, index): RecordedEvent => {
    const metadata = event.metadata ?? {};
    return {
      type: event.type ?? '',
      payload: event.payload ?? new Uint8Array(),
      actor: metadata.actor ?? '',
      commandId: metadata.commandId ?? '',
      traceId: metadata.traceId ?? '',
      occurredAt: new Date(toNumber(metadata.occurredAtUnixMillis)),
      aggregate: metadata.aggregate ?? '',
      id: metadata.aggregateId ?? '',
      prevHash: metadata.prevHash ?? new Uint8Array(),
      hash: event.hash ?? new Uint8Array(),
      sequence,
      index,
    };
  });
  return { sequence, subject, aggregate: stream.aggregate, id: stream.id, events };
}

/** Recomputes an event's hash from what is stored. */
export function recomputeHash(event: RecordedEvent): Buffer {
  return hashEvent({ ...event, occurredAtUnixMillis: event.occurredAt.getTime() });
}

/** protobufjs gives int64 as a Long when long.js is installed; milliseconds fit a double exactly. */
function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
