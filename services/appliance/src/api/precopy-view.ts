// A pre-copy migration's syncs as the API shows them (GetMigration, `ferry watch`), from its recorded facts.
import type { ferry } from '@ferry/proto';
import type { MigrationState } from '../migration';

type Facts = Exclude<MigrationState, { phase: 'initial' }>['facts'];

/** Where the syncs stand: the last completed generation and its delta, the sync under way, when the next one starts. */
export function precopyView(state: Exclude<MigrationState, { phase: 'initial' }>): ferry.api.v1.IPrecopyStatus | null {
  const precopy: Facts['precopy'] = state.facts.precopy;
  if (!precopy) return null;
  const { last, running, cutoverRequestedAt } = precopy;
  const waitingForNext = state.phase === 'precopy-synced' && !running && cutoverRequestedAt === undefined && last !== undefined;
  return {
    intervalSeconds: precopy.intervalSeconds,
    generation: last?.generation ?? 0,
    syncing: running !== undefined,
    lastDeltaBytes: last?.bytes ?? 0,
    lastDeltaChunks: last?.chunks ?? 0,
    lastDeltaDurationMs: last?.durationMs ?? 0,
    dirtyBytesPerMinute: last?.dirtyBytesPerMinute ?? 0,
    nextSyncAt: waitingForNext ? { unixMillis: last.snapshotAt + precopy.intervalSeconds * 1000 } : null,
    cutoverRequestedAt: cutoverRequestedAt !== undefined ? { unixMillis: cutoverRequestedAt } : null,
    finalSynced: last?.final === true,
  };
}
