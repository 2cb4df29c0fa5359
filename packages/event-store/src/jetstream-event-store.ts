import { headers, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { ConcurrencyError, IntegrityError, ValidationError } from '@ferry/errors';
import { BATCH_FORMAT, decodeBatch, sealBatch } from './batch-codec';
import { jsErrorCode, JsErrorCode, mapPublishError } from './nats-errors';
import { ensureEventStream, resolveStreamOptions, type EventStreamOptions, type ResolvedStreamOptions } from './stream-config';
import { followByGets } from './follow-by-gets';
import { openRead, readStream } from './stream-reader';
import { parseSubject, subjectOf } from './subjects';
import type { EventSigner } from './signing/event-signer';
import type { AuditSignatureOptions } from './audit-tail';
import type { AppendOptions, AppendResult, EventStore, EventSubscription, LoadedStream, NewEvent, StoredBatch, StreamRef } from './types';

/** Header carrying EventBatch.format, so a reader can refuse a format it does not know before decoding. */
export const BATCH_FORMAT_HEADER = 'Ferry-Batch-Format';

/** How a store is opened: the stream's settings and, for a service that appends, its signer. */
export interface EventStoreOptions extends EventStreamOptions {
  /** Signs every appended batch and keeps the signed checkpoint; without it batches are stored unsigned (tests of the store itself). */
  readonly signer?: EventSigner;
  /** The trust verifyAudit(store) checks signatures against when the caller gives none (the service's site CA and checkpoint). */
  readonly verification?: () => Promise<AuditSignatureOptions>;
  /** Where a problem found at open is said (the stream lost its tail). Default: a process warning, printed on stderr. */
  readonly warn?: (message: string) => void;
}

/** Remembered heads of recently used aggregates, so an append after a load needs no extra read. */
const HEAD_CACHE_LIMIT = 10_000;

/** The event store on one JetStream stream (FERRY_EVENTS by default). See docs/event-store.md. */
export class JetStreamEventStore implements EventStore {
  private readonly heads = new Map<string, { sequence: number; hash: Uint8Array }>();
  /** The last append queued per subject (settled, never rejecting), so the next waits for it. */
  private readonly appending = new Map<string, Promise<void>>();

  private constructor(
    readonly connection: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly options: ResolvedStreamOptions,
    private readonly signer: EventSigner | undefined,
    /** See EventStoreOptions.verification. */
    readonly verification: (() => Promise<AuditSignatureOptions>) | undefined,
    /** The stream has copies on several servers: bounded reads make no consumer (see readStream's withoutConsumer). */
    private readonly replicated = false,
  ) {}

  /** Opens the store on a connection, creating or checking the stream. */
  static async open(connection: NatsConnection, options: EventStoreOptions = {}): Promise<JetStreamEventStore> {
    const resolved = resolveStreamOptions(options);
    const jsm = await connection.jetstreamManager();
    const copies = await ensureEventStream(jsm, resolved);
    const store = new JetStreamEventStore(connection, connection.jetstream(), jsm, resolved, options.signer, options.verification, copies > 1);
    const checkpointed = options.signer?.lastStored ?? 0;
    const last = checkpointed > 0 ? await store.lastSequence() : 0;
    if (last < checkpointed) {
      // Said at every start until someone looks: the service still starts, so migrations are not stranded.
      const warn = options.warn ?? ((message: string) => process.emitWarning(message));
      warn(`stream ${resolved.streamName} ends at sequence ${last}, but the signed checkpoint of ${options.signer?.name} records sequence ${checkpointed}: the stream lost its tail. Run 'ferry audit verify --site-ca … --checkpoint …' to see what is gone, and restore the store from a backup`);
    }
    return store;
  }

  /**
   * Appends one decision. Appends to one aggregate from this store go one at a time: on a replicated
   * stream nats-server before 2.9.21 can accept two in-flight appends carrying the same expected
   * sequence, which forks the aggregate's hash chain (seen in cluster mode; docs/event-store.md,
   * "Cluster mode"). Queued, the second is checked against the first and refused as a conflict.
   */
  append(stream: StreamRef, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const subject = subjectOf(this.options.subjectPrefix, stream);
    const previous = this.appending.get(subject) ?? Promise.resolve();
    const mine = previous.then(() => this.appendNow(subject, stream, events, options));
    const settled = mine.then(() => undefined, () => undefined);
    this.appending.set(subject, settled);
    void settled.then(() => {
      if (this.appending.get(subject) === settled) this.appending.delete(subject);
    });
    return mine;
  }

  private async appendNow(subject: string, stream: StreamRef, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validateAppend(events, options);
    const prevHash = await this.headHash(subject, options.expectedVersion);
    const sealed = sealBatch(stream, events, options, prevHash, options.occurredAt ?? new Date());
    const h = headers();
    h.set('Nats-Msg-Id', options.commandId);
    h.set('Nats-Expected-Last-Subject-Sequence', String(options.expectedVersion));
    h.set(BATCH_FORMAT_HEADER, String(BATCH_FORMAT));
    const signed = this.signer?.sign(subject, sealed.bytes);
    for (const [name, value] of signed?.headers ?? []) h.set(name, value);
    let ack;
    try {
      ack = await this.js.publish(subject, sealed.bytes, { headers: h });
    } catch (error) {
      throw mapPublishError(error, subject, options.expectedVersion);
    }
    if (!ack.duplicate) this.remember(subject, ack.seq, sealed.lastHash);
    if (signed) this.signer?.stored(this.options.streamName, ack.seq, signed.signature);
    return { version: ack.seq, duplicate: ack.duplicate };
  }

  async load(stream: StreamRef): Promise<LoadedStream> {
    const subject = subjectOf(this.options.subjectPrefix, stream);
    const last = await this.lastMessageOf(subject);
    if (last === undefined) return { events: [], version: 0 };
    const events = [];
    for await (const message of readStream(this.jsm, this.options.streamName, { filter: subject, fromSequence: 1, untilSequence: last }, { withoutConsumer: this.replicated })) {
      events.push(...decodeBatch(message.data, message.seq, subject, stream).events);
    }
    const head = events[events.length - 1];
    if (head) this.remember(subject, last, head.hash);
    return { events, version: last };
  }

  async subscribe(fromSequence: number, handler: (batch: StoredBatch) => Promise<void>): Promise<EventSubscription> {
    const range = { filter: `${this.options.subjectPrefix}.>`, fromSequence };
    // On a replicated stream no consumer: see follow-by-gets.ts.
    const read = this.replicated ? followByGets(this.jsm, this.options.streamName, range) : await openRead(this.js, this.options.streamName, range);
    let stopped = false;
    const closed = (async () => {
      try {
        for await (const message of read.messages) {
          if (stopped) break;
          await handler(this.toBatch(message.subject, message.seq, message.data));
        }
      } finally {
        await read.close();
      }
    })();
    return {
      closed,
      stop: async () => {
        stopped = true;
        await read.close();
        await closed.catch(() => undefined);
      },
    };
  }

  async *replayAll(): AsyncIterable<StoredBatch> {
    const last = await this.lastSequence();
    if (last === 0) return;
    const range = { filter: `${this.options.subjectPrefix}.>`, fromSequence: 1, untilSequence: last };
    for await (const message of readStream(this.jsm, this.options.streamName, range, { withoutConsumer: this.replicated })) {
      yield this.toBatch(message.subject, message.seq, message.data);
    }
  }

  async lastSequence(): Promise<number> {
    const info = await this.jsm.streams.info(this.options.streamName);
    return info.state.last_seq;
  }

  /** The stream's size, consumers and limits (-1: no limit), for the operators' metrics. */
  async streamFigures(): Promise<{ stream: string; bytes: number; messages: number; consumers: number; maxBytes: number; maxMessages: number }> {
    const { state, config } = await this.jsm.streams.info(this.options.streamName);
    return { stream: this.options.streamName, bytes: state.bytes, messages: state.messages, consumers: state.consumer_count, maxBytes: config.max_bytes, maxMessages: config.max_msgs };
  }

  private toBatch(subject: string, sequence: number, data: Uint8Array): StoredBatch {
    const stream = parseSubject(this.options.subjectPrefix, subject);
    if (!stream) {
      throw new IntegrityError(`message seq ${sequence} has subject ${subject}, not ${this.options.subjectPrefix}.<aggregate>.<id>; it was not written by the event store`);
    }
    return decodeBatch(data, sequence, subject, stream);
  }

  /** Sequence of the subject's last message, or undefined when it has none. */
  private async lastMessageOf(subject: string): Promise<number | undefined> {
    try {
      const message = await this.jsm.streams.getMessage(this.options.streamName, { last_by_subj: subject });
      return message.seq;
    } catch (error) {
      if (jsErrorCode(error) === JsErrorCode.NoMessageFound) return undefined;
      throw error;
    }
  }

  /** Hash of the aggregate's event at expectedVersion: what the new decision chains onto. */
  private async headHash(subject: string, expectedVersion: number): Promise<Uint8Array> {
    if (expectedVersion === 0) return new Uint8Array();
    const cached = this.heads.get(subject);
    if (cached?.sequence === expectedVersion) return cached.hash;
    let message;
    try {
      message = await this.jsm.streams.getMessage(this.options.streamName, { seq: expectedVersion });
    } catch (error) {
      if (jsErrorCode(error) !== JsErrorCode.NoMessageFound) throw error;
    }
    if (!message || message.subject !== subject) {
      throw new ConcurrencyError(`${subject} has no event at version ${expectedVersion}; reload the aggregate and decide again`);
    }
    const stream = parseSubject(this.options.subjectPrefix, subject);
    const batch = decodeBatch(message.data, message.seq, subject, stream ?? { aggregate: '', id: '' });
    const head = batch.events[batch.events.length - 1];
    if (!head) throw new IntegrityError(`${subject} seq ${expectedVersion} holds no events; run 'ferry audit verify'`);
    return head.hash;
  }

  private remember(subject: string, sequence: number, hash: Uint8Array): void {
    this.heads.delete(subject);
    this.heads.set(subject, { sequence, hash });
    if (this.heads.size > HEAD_CACHE_LIMIT) {
      const oldest = this.heads.keys().next();
      if (!oldest.done) this.heads.delete(oldest.value);
    }
  }
}

function validateAppend(events: readonly NewEvent[], options: AppendOptions): void {
  if (events.length === 0) throw new ValidationError('events', 'a decision with no events is not stored; skip the append when decide() returns []');
  if (!Number.isSafeInteger(options.expectedVersion) || options.expectedVersion < 0) {
    throw new ValidationError('expectedVersion', `${options.expectedVersion} is not a sequence; pass LoadedStream.version (0 for a new aggregate)`);
  }
  if (options.commandId.length === 0) throw new ValidationError('commandId', 'is empty; every command needs a unique id so a retry is stored once');
  for (const event of events) {
    if (event.type.length === 0) throw new ValidationError('events[].type', 'is empty; name the event in past tense, e.g. "DiskCopyCompleted"');
  }
}
