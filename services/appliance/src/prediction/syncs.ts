// A pre-copy migration's completed syncs, read from its events (DeltaSyncStarted gives the snapshot time).
import type { MigrationEvent } from '../migration';
import type { SyncRecord } from './sync-model';

export function syncsOf(events: readonly MigrationEvent[]): SyncRecord[] {
  const snapshots = new Map<number, number>();
  const syncs: SyncRecord[] = [];
  for (const event of events) {
    if (event.type === 'DeltaSyncStarted') snapshots.set(event.data.generation, event.data.snapshotAtMillis);
    if (event.type !== 'DeltaSyncCompleted') continue;
    const d = event.data;
    syncs.push({
      generation: d.generation, final: d.final, bytes: d.bytes, durationMs: d.durationMs, dirtyBytesPerMinute: d.dirtyBytesPerMinute, changedBytes: d.changedBytes,
      snapshotAtMillis: snapshots.get(d.generation) ?? d.meta.at - d.durationMs, completedAt: d.meta.at,
    });
  }
  return syncs;
}
