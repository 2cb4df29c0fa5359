import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager, type StreamConfig } from 'nats';
import { IllegalStateError, ValidationError } from '@ferry/errors';

/** Where and how the event store keeps its stream. Defaults are production values. */
export interface EventStreamOptions {
  /** Stream name. Default FERRY_EVENTS. */
  readonly streamName?: string;
  /** Subject prefix; events go to `<prefix>.<aggregate>.<id>`. Default ferry.evt. */
  readonly subjectPrefix?: string;
  /** How long a command id is remembered for de-duplication; must exceed the longest client retry. Default 5 minutes. */
  readonly duplicateWindowMs?: number;
  /** 1 in single-node mode; 3 in the documented cluster mode (needs nats-server >= 2.9.21, see docs/event-store.md). */
  readonly replicas?: number;
}

export const DEFAULT_STREAM_NAME = 'FERRY_EVENTS';
export const DEFAULT_SUBJECT_PREFIX = 'ferry.evt';
export const DEFAULT_DUPLICATE_WINDOW_MS = 5 * 60_000;

/** Options with defaults filled in. */
export type ResolvedStreamOptions = Required<EventStreamOptions>;

export function resolveStreamOptions(options: EventStreamOptions = {}): ResolvedStreamOptions {
  const resolved = {
    streamName: options.streamName ?? DEFAULT_STREAM_NAME,
    subjectPrefix: options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX,
    duplicateWindowMs: options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    replicas: options.replicas ?? 1,
  };
  if (resolved.duplicateWindowMs < 120_000) {
    throw new ValidationError('duplicateWindowMs', `${resolved.duplicateWindowMs} ms is shorter than 2 minutes; a retried command could be stored twice. Use at least 120000`);
  }
  if (![1, 3, 5].includes(resolved.replicas)) {
    throw new ValidationError('replicas', `${resolved.replicas} is not 1, 3 or 5; use 1 (single node) or 3 (cluster mode)`);
  }
  return resolved;
}

/**
 * The stream the store needs: an append-only log. File storage survives restarts; discard=new
 * refuses writes when a limit is hit instead of silently dropping history; deny_delete and
 * deny_purge make removal impossible through the API; no age or count limits.
 */
export function eventStreamConfig(options: ResolvedStreamOptions): Partial<StreamConfig> & { name: string } {
  return {
    name: options.streamName,
    subjects: [`${options.subjectPrefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    deny_delete: true,
    deny_purge: true,
    max_age: 0,
    max_msgs: -1,
    max_bytes: -1,
    max_msgs_per_subject: -1,
    duplicate_window: nanos(options.duplicateWindowMs),
    num_replicas: options.replicas,
    allow_rollup_hdrs: false,
  };
}

/** Creates the stream, or checks that an existing one still has the safety settings; resolves with its number of copies. */
export async function ensureEventStream(jsm: JetStreamManager, options: ResolvedStreamOptions): Promise<number> {
  const wanted = eventStreamConfig(options);
  try {
    const info = await jsm.streams.info(options.streamName);
    const existing = info.config;
    if (!existing.deny_delete || !existing.deny_purge || existing.discard !== DiscardPolicy.New || existing.storage !== StorageType.File) {
      throw new IllegalStateError(
        `stream ${options.streamName} exists without deny_delete, deny_purge, discard=new and file storage; an event store must be append-only. Recreate it with the settings in docs/event-store.md`,
      );
    }
    // Fewer copies than asked for is a cluster-mode site still on its single-node stream; more (a reader with the default) is fine.
    if ((existing.num_replicas ?? 1) < options.replicas) {
      throw new IllegalStateError(
        `stream ${options.streamName} has ${existing.num_replicas ?? 1} replica(s) but ${options.replicas} were asked for (NATS_STREAM_REPLICAS); have an administrator raise the stream's replicas (nats stream edit ${options.streamName} --replicas ${options.replicas}; docs/event-store.md, "Cluster mode"), or set NATS_STREAM_REPLICAS=${existing.num_replicas ?? 1}`,
      );
    }
    if (existing.duplicate_window !== wanted.duplicate_window) {
      await jsm.streams.update(options.streamName, { ...existing, duplicate_window: wanted.duplicate_window });
    }
    return existing.num_replicas ?? 1;
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
    await jsm.streams.add(wanted);
    return options.replicas;
  }
}

function isStreamNotFound(error: unknown): boolean {
  const apiError = (error as { api_error?: { err_code?: number } }).api_error;
  return apiError?.err_code === 10059; // JSStreamNotFoundErr
}
