// WatchMigration: the current state first, then every phase change and disk progress update as the
// migration's events reach the event store, until it ends (completed, failed, cancelled) or the client
// cancels. It follows the store (a subscription), it does not poll.
import { NotFoundError, ValidationError } from '@ferry/errors';
import type { EventStore, StoredBatch } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { migrationCodec, migrationStream } from '../migration';
import type { OnDemandBytesOf } from './cache-api';
import { MigrationTracker, type TrackedEvent } from './watch-tracker';

import api = ferry.api.v1;

function decoded(batch: Pick<StoredBatch, 'events'>): TrackedEvent[] {
  return batch.events.map((e) => ({ event: migrationCodec.decode(e.type, e.payload), sequence: e.sequence }));
}

/** Streams one migration's updates through `send` until it ends or `signal` aborts. */
export async function watchMigration(store: EventStore, migrationId: string, send: (update: api.IMigrationUpdate) => void, signal: AbortSignal, onDemandBytesOf?: OnDemandBytesOf): Promise<void> {
  if (!/^[A-Za-z0-9_-]+$/.test(migrationId)) {
    throw new ValidationError('migration_id', `"${migrationId}" is not a migration id; use an id from GetPlan's migration_ids`);
  }
  const stream = migrationStream(migrationId);
  const loaded = await store.load(stream);
  const tracker = new MigrationTracker(decoded(loaded), onDemandBytesOf);
  if (tracker.phase === 'initial') throw new NotFoundError(`no migration ${migrationId}; a plan's migrations exist once StartPlan planned them (see GetPlan)`);
  send({ snapshot: tracker.snapshot(), at: { unixMillis: Date.now() } });
  if (tracker.finished || signal.aborted) return;

  let ended: () => void = () => undefined;
  const end = new Promise<void>((resolve) => (ended = resolve));
  signal.addEventListener('abort', () => ended(), { once: true });
  // The store's subscription covers every aggregate: later decisions of other aggregates are skipped here.
  const subscription = await store.subscribe(loaded.version + 1, async (batch) => {
    if (batch.aggregate !== stream.aggregate || batch.id !== migrationId || tracker.finished) return;
    for (const event of decoded(batch)) for (const update of tracker.apply(event)) send(update);
    if (tracker.finished) ended();
  });
  try {
    await Promise.race([end, subscription.closed]);
  } finally {
    await subscription.stop();
  }
}
