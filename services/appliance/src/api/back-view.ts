// The way back of a warm migration (MigrateBack) as the API shows it, from its recorded facts.
import { ferry } from '@ferry/proto';
import type { MigrationState } from '../migration';

import api = ferry.api.v1;

const ts = (unixMillis: number): ferry.common.v1.ITimestamp | null => (unixMillis > 0 ? { unixMillis } : null);

/** The BackStatus of a migration a migrate back was requested for; undefined before that. */
export function backView(state: Exclude<MigrationState, { phase: 'initial' }>): api.IBackStatus | undefined {
  const back = state.facts.back;
  if (back === undefined) return undefined;
  // Per disk: its last progress report, or once shipped the outcome (every chunk compared).
  const perDisk = back.shipped ? back.shipped.map((d) => ({ chunksCompared: d.chunksTotal, chunksShipped: d.chunksShipped, chunksTotal: d.chunksTotal })) : Object.values(back.progress);
  const sum = (pick: (p: (typeof perDisk)[number]) => number): number => perDisk.reduce((total, p) => total + pick(p), 0);
  const done = state.phase === 'migrated-back' ? state : undefined;
  return {
    requestedAt: ts(back.requestedAt),
    reason: back.reason,
    // Until a disk reports its total, the disks' capacities in 1 MiB chunks.
    chunksTotal: sum((p) => p.chunksTotal) || state.facts.disks.reduce((total, disk) => total + Math.ceil(disk.capacityBytes / 2 ** 20), 0),
    chunksCompared: sum((p) => p.chunksCompared),
    chunksShipped: sum((p) => p.chunksShipped),
    diskDigests: (back.shipped ?? []).map((disk) => disk.sha256),
    downtimeMillis: done?.downtimeMillis ?? 0,
    migratedBackAt: done ? ts(done.at) : null,
  };
}
