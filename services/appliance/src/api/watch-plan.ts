// WatchPlan: every migration of a started plan in one stream — each one's state first (those still
// queued appear when the scheduler plans them), then every update as their events reach the store,
// until each has ended, or the plan was cancelled and none of it runs any more. One subscription
// follows the store for all of them.
import { IllegalStateError } from '@ferry/errors';
import type { EventStore, StoredBatch } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { migrationCodec, migrationStream } from '../migration';
import { planCodec } from '../plan';
import type { OnDemandBytesOf } from './cache-api';
import type { PlanApi } from './plan-api';
import { MigrationTracker, type TrackedEvent } from './watch-tracker';

import api = ferry.api.v1;

const decoded = (batch: Pick<StoredBatch, 'events'>): TrackedEvent[] => batch.events.map((e) => ({ event: migrationCodec.decode(e.type, e.payload), sequence: e.sequence }));

export async function watchPlan(store: EventStore, plans: PlanApi, planId: string, send: (update: api.IPlanUpdate) => void, signal: AbortSignal, onDemandBytesOf?: OnDemandBytesOf): Promise<void> {
  const from = await store.lastSequence();
  const { state } = await plans.loadPlan(planId);
  if (state.status === 'created') throw new IllegalStateError(`plan ${planId} is not started: it has no migrations to watch yet; StartPlan first`);
  let cancelled = state.status === 'cancelled';
  const trackers = new Map<string, { tracker: MigrationTracker; loadedTo: number }>();
  for (const { migrationId } of state.migrations) {
    const loaded = await store.load(migrationStream(migrationId));
    const tracker = new MigrationTracker(decoded(loaded), onDemandBytesOf);
    trackers.set(migrationId, { tracker, loadedTo: loaded.version });
    if (tracker.phase !== 'initial') send({ migrationId, update: { snapshot: tracker.snapshot(), at: { unixMillis: Date.now() } } });
  }
  // Over when every migration ended, or the plan is cancelled and none of it runs (the queued ones never will).
  const over = (): boolean => [...trackers.values()].every(({ tracker }) => tracker.finished || (cancelled && tracker.phase === 'initial'));
  if (over() || signal.aborted) return;

  let ended: () => void = () => undefined;
  const end = new Promise<void>((resolve) => (ended = resolve));
  signal.addEventListener('abort', () => ended(), { once: true });
  const subscription = await store.subscribe(from + 1, async (batch) => {
    if (batch.aggregate === 'plan' && batch.id === planId) {
      cancelled ||= batch.events.some((e) => planCodec.decode(e.type, e.payload).type === 'PlanCancelled');
    }
    const watched = batch.aggregate === 'migration' ? trackers.get(batch.id) : undefined;
    if (watched && batch.sequence > watched.loadedTo && !watched.tracker.finished) {
      for (const event of decoded(batch)) for (const update of watched.tracker.apply(event)) send({ migrationId: batch.id, update });
    }
    if (over()) ended();
  });
  try {
    await Promise.race([end, subscription.closed]);
  } finally {
    await subscription.stop();
  }
}
