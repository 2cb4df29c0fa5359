// The way back of a warm migration (MigrateBack) as the API shows it, from its recorded facts.
import { DEFAULT_CHUNK_SIZE } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import type { MigrateBackFacts, MigrationState } from '../migration';

import api = ferry.api.v1;

const ts = (unixMillis: number): ferry.common.v1.ITimestamp | null => (unixMillis > 0 ? { unixMillis } : null);

/**
 * Rate and ETA of the way back from its last progress reports: chunks compared per second since the
 * cloud VM went off (ShipBack starts then), and the chunks shipped over the same time as bytes.
 */
function pace(back: MigrateBackFacts, totals: { total: number; compared: number; shipped: number }): { rateBytesPerSecond: number; etaSeconds: number } {
  const start = back.cloudTargetOff?.at;
  const last = Math.max(0, ...Object.values(back.progress).map((p) => p.at));
  const seconds = start !== undefined ? (last - start) / 1000 : 0;
  if (back.shipped) return { rateBytesPerSecond: seconds > 0 ? (totals.shipped * DEFAULT_CHUNK_SIZE) / seconds : 0, etaSeconds: 0 };
  if (seconds <= 0 || totals.compared <= 0) return { rateBytesPerSecond: 0, etaSeconds: -1 };
  return { rateBytesPerSecond: (totals.shipped * DEFAULT_CHUNK_SIZE) / seconds, etaSeconds: Math.ceil(((totals.total - totals.compared) * seconds) / totals.compared) };
}

/** The BackStatus of a migration a migrate back was requested for; undefined before that. */
export function backView(state: Exclude<MigrationState, { phase: 'initial' }>): api.IBackStatus | undefined {
  const back = state.facts.back;
  if (back === undefined) return undefined;
  // Per disk: its last progress report, or once shipped the outcome (every chunk compared).
  const perDisk = back.shipped ? back.shipped.map((d) => ({ chunksCompared: d.chunksTotal, chunksShipped: d.chunksShipped, chunksTotal: d.chunksTotal })) : Object.values(back.progress);
  const sum = (pick: (p: (typeof perDisk)[number]) => number): number => perDisk.reduce((total, p) => total + pick(p), 0);
  const done = state.phase === 'migrated-back' ? state : undefined;
  // Until a disk reports its total, the disks' capacities in chunks.
  const total = sum((p) => p.chunksTotal) || state.facts.disks.reduce((all, disk) => all + Math.ceil(disk.capacityBytes / DEFAULT_CHUNK_SIZE), 0);
  const compared = sum((p) => p.chunksCompared);
  const shipped = sum((p) => p.chunksShipped);
  return {
    requestedAt: ts(back.requestedAt),
    reason: back.reason,
    chunksTotal: total,
    chunksCompared: compared,
    chunksShipped: shipped,
    diskDigests: (back.shipped ?? []).map((disk) => disk.sha256),
    downtimeMillis: done?.downtimeMillis ?? 0,
    migratedBackAt: done ? ts(done.at) : null,
    undoPrep: back.undoPrep,
    restoreSteps: [...(back.restored?.steps ?? [])],
    ...pace(back, { total, compared, shipped }),
    cloudPurgeRequestedAt: done?.purge ? ts(done.purge.requestedAt) : null,
    cloudPurgedAt: done?.purge?.done ? ts(done.purge.done.at) : null,
    purgeSteps: [...(done?.purge?.done?.steps ?? [])],
  };
}
