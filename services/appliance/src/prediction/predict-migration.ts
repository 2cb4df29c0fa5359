// One pre-copy migration's predicted cutover downtime, from its own events and the site's history. Pure.
import { MigrationMode, type DowntimePrediction, type MigrationEvent, type MigrationState } from '../migration';
import { predictPrecopy } from './downtime';
import type { StepHistory } from './history';
import { syncsOf } from './syncs';

/** Bytes of the migration's disks (the final sync re-hashes them whole). */
export function diskBytesOf(state: Exclude<MigrationState, { phase: 'initial' }>): number {
  return state.facts.disks.reduce((sum, d) => sum + d.capacityBytes, 0);
}

/**
 * The downtime of cutting `state` over at `cutoverAt`, from the syncs recorded before then. Undefined for
 * other modes and before a delta sync measured the dirty rate.
 */
export function predictMigration(state: MigrationState, events: readonly MigrationEvent[], history: StepHistory, cutoverAt: number): DowntimePrediction | undefined {
  if (state.phase === 'initial' || state.facts.mode !== MigrationMode.Precopy || !state.facts.precopy) return undefined;
  const before = events.filter((e) => e.data.meta.at <= cutoverAt);
  return predictPrecopy({ syncs: syncsOf(before), diskBytes: diskBytesOf(state), history, cutoverAt, intervalMs: state.facts.precopy.intervalSeconds * 1000 });
}

/** When the cutover happens as things stand: asked for, scheduled ahead (its own time or the plan's), else now. */
export function cutoverTimeOf(state: MigrationState, planCutoverMillis: number, now: number): number {
  if (state.phase === 'initial' || !state.facts.precopy) return now;
  const { cutoverRequestedAt, cutoverScheduledAt } = state.facts.precopy;
  if (cutoverRequestedAt !== undefined) return cutoverRequestedAt;
  const scheduled = cutoverScheduledAt ?? planCutoverMillis;
  return scheduled > now ? scheduled : now;
}
