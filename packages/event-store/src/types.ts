/** Which aggregate instance: its events live on subject `<prefix>.<aggregate>.<id>`. */
export interface StreamRef {
  /** Aggregate type, lowercase, e.g. "migration". */
  readonly aggregate: string;
  /** Aggregate id, letters, digits, '-' and '_' only (it is one subject token). */
  readonly id: string;
}

/** An event a decider produced, before it is stored. */
export interface NewEvent {
  /** Past-tense type name, e.g. "DiskCopyCompleted". */
  readonly type: string;
  /** The event's own protobuf encoding. */
  readonly payload: Uint8Array;
}

/** Who, why and against which version one decision is appended. */
export interface AppendOptions {
  /** The last sequence of this aggregate the decider saw (LoadedStream.version); 0 for a new aggregate. */
  readonly expectedVersion: number;
  /** The command's id: the message's Nats-Msg-Id, so a retried command is stored once. */
  readonly commandId: string;
  /** "<kind>:<id>", e.g. "operator:alice". */
  readonly actor: string;
  /** W3C trace id of the request that carried the command. */
  readonly traceId: string;
  /** When the decision happened; default now. */
  readonly occurredAt?: Date;
}

/** Outcome of an append. */
export interface AppendResult {
  /** The stream sequence of the decision's message: the aggregate's new version. */
  readonly version: number;
  /** True when the command id had been stored before (a retry): nothing new was stored, version is the original's. */
  readonly duplicate: boolean;
}

/** One event as read back, with everything the audit trail needs. */
export interface RecordedEvent {
  readonly type: string;
  readonly payload: Uint8Array;
  readonly actor: string;
  readonly commandId: string;
  readonly traceId: string;
  readonly occurredAt: Date;
  readonly aggregate: string;
  readonly id: string;
  /** Hash of the previous event of the aggregate; empty for its first event. */
  readonly prevHash: Uint8Array;
  readonly hash: Uint8Array;
  /** Stream sequence of the message (decision) that holds it. */
  readonly sequence: number;
  /** Position within that decision. */
  readonly index: number;
}

/** All events of one decision, as one stream message. */
export interface StoredBatch {
  readonly sequence: number;
  readonly subject: string;
  readonly aggregate: string;
  readonly id: string;
  readonly events: readonly RecordedEvent[];
}

/** An aggregate's history and the version to append against next. */
export interface LoadedStream {
  readonly events: readonly RecordedEvent[];
  /** Stream sequence of its last message; 0 when it has none. */
  readonly version: number;
}

/** A running subscription; stop() ends delivery after the batch in hand. */
export interface EventSubscription {
  stop(): Promise<void>;
  /** Settles when delivery ends: resolves after stop(), rejects if the handler threw. */
  readonly closed: Promise<void>;
}

/**
 * Ferry's event store. The only implementation is JetStreamEventStore; callers depend on this
 * interface so the store can be swapped without touching deciders or projections.
 */
export interface EventStore {
  /**
   * Appends all events of one decision as one message. Throws ConcurrencyError when the aggregate
   * moved past options.expectedVersion; a repeated commandId returns the original with duplicate=true.
   */
  append(stream: StreamRef, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Every event of one aggregate, oldest first, and its version. */
  load(stream: StreamRef): Promise<LoadedStream>;
  /** Delivers every batch with sequence >= fromSequence, in order, one at a time, then new ones as they come. */
  subscribe(fromSequence: number, handler: (batch: StoredBatch) => Promise<void>): Promise<EventSubscription>;
  /** Every batch in the store from sequence 1 to the last one at the time of the call. */
  replayAll(): AsyncIterable<StoredBatch>;
  /** Sequence of the newest message in the store; 0 when empty. */
  lastSequence(): Promise<number>;
}
