// Opens the transfer queue: the work-queue stream and the state bucket, created by whichever side comes
// first (the appliance queueing a job or a prem-manager replica waiting for one), with the copies
// NATS_STREAM_REPLICAS asks for. Creating an existing stream with the same settings is a no-op.
import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, nanos, type JetStreamClient, type KV, type NatsConnection } from 'nats';
import { ACK_WAIT_MS, TRANSFER_BUCKET, TRANSFER_CONSUMER, TRANSFER_STREAM, TRANSFER_SUBJECT } from './names';
import { decodeControl, decodeStatus, encodeControl, encodeStatus, type ControlRecord, type StatusRecord } from './records';

export interface TransferQueue {
  readonly js: JetStreamClient;
  readonly kv: KV;
  readControl(key: string): Promise<{ record: ControlRecord; revision: number } | undefined>;
  /** The status record with its KV revision (a later revision by another owner means the job moved). */
  readStatus(key: string): Promise<(StatusRecord & { revision: number }) | undefined>;
  writeControl(key: string, record: ControlRecord, revision: number | undefined): Promise<void>;
  /** Returns the record's new revision. */
  writeStatus(key: string, record: StatusRecord): Promise<number>;
  /** Creates the replicas' shared pull consumer if it is missing. */
  ensureConsumer(): Promise<void>;
}

function missing(error: unknown): boolean {
  return /not found|10059/i.test(String((error as { message?: string }).message ?? error));
}

async function ensureStream(nc: NatsConnection, replicas: number): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(TRANSFER_STREAM);
    return;
  } catch (error) {
    if (!missing(error)) throw error;
  }
  await jsm.streams.add({
    name: TRANSFER_STREAM, subjects: [TRANSFER_SUBJECT], retention: RetentionPolicy.Workqueue, storage: StorageType.File,
    num_replicas: replicas, duplicate_window: nanos(120_000),
  }).catch((error: unknown) => {
    // Another service created it between our look and our create.
    if (!/already in use|10058/i.test(String(error))) throw error;
  });
}

export async function openTransferQueue(nc: NatsConnection, replicas = 1): Promise<TransferQueue> {
  await ensureStream(nc, replicas);
  const js = nc.jetstream();
  const kv = await js.views.kv(TRANSFER_BUCKET, { history: 1, replicas });
  return {
    js,
    kv,
    async readControl(key) {
      const entry = await kv.get(`control.${key}`);
      return entry && entry.operation === 'PUT' && entry.value.length > 0 ? { record: decodeControl(entry.value), revision: entry.revision } : undefined;
    },
    async readStatus(key) {
      const entry = await kv.get(`status.${key}`);
      return entry && entry.operation === 'PUT' && entry.value.length > 0 ? { ...decodeStatus(entry.value), revision: entry.revision } : undefined;
    },
    async writeControl(key, record, revision) {
      if (revision === undefined) await kv.create(`control.${key}`, encodeControl(record));
      else await kv.update(`control.${key}`, encodeControl(record), revision);
    },
    async writeStatus(key, record) {
      return kv.put(`status.${key}`, encodeStatus(record));
    },
    async ensureConsumer() {
      const jsm = await nc.jetstreamManager();
      try {
        await jsm.consumers.info(TRANSFER_STREAM, TRANSFER_CONSUMER);
        return;
      } catch (error) {
        if (!missing(error)) throw error;
      }
      await jsm.consumers.add(TRANSFER_STREAM, {
        durable_name: TRANSFER_CONSUMER, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: nanos(ACK_WAIT_MS), max_deliver: -1, max_ack_pending: 10_000,
      }).catch((error: unknown) => {
        if (!/already in use|exists|10148|10013/i.test(String(error))) throw error;
      });
    },
  };
}
