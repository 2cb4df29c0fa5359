// Audit replay: every aggregate's state rebuilt from the events alone, as of a point in the stream (a
// sequence or a time), for an auditor asking "what did the site look like then?". Migrations and plans
// fold through their own deciders (the same evolve the live read paths use); the aggregates the
// appliance does not decide (guest preparation, fixup, cache volumes) are summarised by their events.
import type { EventStore, RecordedEvent } from '@ferry/event-store';
import { migrationCodec, migrationDecider, type MigrationState } from '../migration';
import { planCodec, planDecider, type PlanState } from '../plan';

/** Where the replay stops; absent fields: the end of the stream. */
export interface ReplayPoint {
  /** The last stream sequence (decision) included. */
  readonly untilSequence?: number;
  /** The last event time included (Unix ms). */
  readonly untilMillis?: number;
  /** Only this aggregate id. */
  readonly aggregateId?: string;
}

/** One aggregate as the replay left it. */
export interface ReplayedAggregate {
  readonly aggregate: string;
  readonly id: string;
  /** The sequence of its last decision replayed. */
  readonly version: number;
  readonly events: number;
  readonly lastEventType: string;
  readonly lastEventAt: number;
  /** A line for people: the phase or status, and what matters about it. */
  readonly summary: string;
  /** The rebuilt state (migrations and plans), else undefined. */
  readonly state: MigrationState | PlanState | undefined;
}

interface Folding {
  aggregate: string;
  id: string;
  version: number;
  events: number;
  last: RecordedEvent | undefined;
  state: MigrationState | PlanState | undefined;
}

function fold(entry: Folding, event: RecordedEvent): void {
  if (entry.aggregate === 'migration') entry.state = migrationDecider.evolve((entry.state as MigrationState | undefined) ?? migrationDecider.initialState, migrationCodec.decode(event.type, event.payload));
  if (entry.aggregate === 'plan') entry.state = planDecider.evolve((entry.state as PlanState | undefined) ?? planDecider.initialState, planCodec.decode(event.type, event.payload));
  entry.events++;
  entry.last = event;
}

function summaryOf(entry: Folding): string {
  const state = entry.state;
  if (entry.aggregate === 'migration' && state && 'phase' in state) {
    if (state.phase === 'initial') return 'initial';
    const failed = state.phase === 'failed' ? `: ${state.reason}` : '';
    return `${state.phase}${failed} (VM ${state.facts.sourceVm.moref}, plan ${state.facts.planId})`;
  }
  if (entry.aggregate === 'plan' && state && 'status' in state) {
    return state.status === 'none' ? 'none' : `${state.status} "${state.spec.name}" (${state.spec.vms.length} VM(s))`;
  }
  return `last event ${entry.last?.type ?? '?'}`;
}

/** Replays the stream from its first decision to `point`. */
export async function replayAudit(store: EventStore, point: ReplayPoint = {}): Promise<{ aggregates: ReplayedAggregate[]; lastSequence: number }> {
  const entries = new Map<string, Folding>();
  let lastSequence = 0;
  for await (const batch of store.replayAll()) {
    if (point.untilSequence !== undefined && batch.sequence > point.untilSequence) break;
    if (point.untilMillis !== undefined && (batch.events[0]?.occurredAt.getTime() ?? 0) > point.untilMillis) break;
    lastSequence = batch.sequence;
    if (point.aggregateId && batch.id !== point.aggregateId) continue;
    const key = `${batch.aggregate}/${batch.id}`;
    const entry = entries.get(key) ?? { aggregate: batch.aggregate, id: batch.id, version: 0, events: 0, last: undefined, state: undefined };
    entries.set(key, entry);
    for (const event of batch.events) fold(entry, event);
    entry.version = batch.sequence;
  }
  const aggregates = [...entries.values()].map((e) => ({
    aggregate: e.aggregate, id: e.id, version: e.version, events: e.events, lastEventType: e.last?.type ?? '', lastEventAt: e.last?.occurredAt.getTime() ?? 0, summary: summaryOf(e), state: e.state,
  }));
  return { aggregates, lastSequence };
}
