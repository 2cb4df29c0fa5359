// The leader lease kept in a JetStream KV bucket: one key, written only compare-and-set (create if
// absent, update at an expected revision), so of two replicas writing at once exactly one succeeds.
import type { KV, NatsConnection } from 'nats';
import type { LeaseRecord, ObservedLease } from './lease-rules';

export const LEASE_BUCKET = 'ferry-leases';
export const LEADER_KEY = 'appliance-leader';

/** Where the lease lives. `create` and `update` resolve with the new revision, or undefined when another write came first. */
export interface LeaseStore {
  read(): Promise<ObservedLease>;
  create(record: LeaseRecord): Promise<number | undefined>;
  update(record: LeaseRecord, revision: number): Promise<number | undefined>;
}

/** JetStream "wrong last sequence": the key moved since it was read (or exists, for create). */
const WRONG_LAST_SEQUENCE = 10071;

function lostRace(error: unknown): boolean {
  const code = (error as { api_error?: { err_code?: number } }).api_error?.err_code;
  return code === WRONG_LAST_SEQUENCE || /wrong last sequence/i.test((error as Error).message ?? '');
}

const encode = (record: LeaseRecord): Uint8Array => new TextEncoder().encode(JSON.stringify(record));

function decode(bytes: Uint8Array): LeaseRecord | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LeaseRecord>;
    if (typeof value.holder !== 'string' || typeof value.term !== 'number') return undefined;
    return { holder: value.holder, term: value.term, released: value.released === true };
  } catch {
    return undefined;
  }
}

/** Opens (creating when missing) the lease bucket with `replicas` copies: history 1, file storage. */
export async function openLeaseStore(nc: NatsConnection, replicas: number, key = LEADER_KEY): Promise<LeaseStore> {
  const kv: KV = await nc.jetstream().views.kv(LEASE_BUCKET, { history: 1, replicas });
  const guard = async (write: () => Promise<number>): Promise<number | undefined> => {
    try {
      return await write();
    } catch (error) {
      if (lostRace(error)) return undefined;
      throw error;
    }
  };
  return {
    async read() {
      const entry = await kv.get(key);
      if (!entry || entry.operation !== 'PUT') return undefined;
      // An unreadable value is treated as a lease nobody renews: it expires and is overwritten.
      const record = decode(entry.value) ?? { holder: '(unreadable lease value)', term: 0, released: false };
      return { record, revision: entry.revision };
    },
    create: (record) => guard(() => kv.create(key, encode(record))),
    update: (record, revision) => guard(() => kv.update(key, encode(record), revision)),
  };
}
