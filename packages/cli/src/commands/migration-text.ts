import { ferry } from '@ferry/proto';
import { bytes, duration } from '../api/progress-line';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

/** "planned", "copying_disks", … from a ferry.migration.v1.Phase value. */
export const phaseName = (phase: number | null | undefined): string => (mig.Phase[phase ?? 0] ?? String(phase)).replace('PHASE_', '').toLowerCase();

/** One migration in a line (and its failure reason when it failed). */
export function describeMigration(m: api.Migration): string {
  const vm = m.sourceVm ? `${m.sourceVm.moref}${m.sourceVm.name ? ` (${m.sourceVm.name})` : ''}` : '?';
  const failure = m.failureReason ? `: ${m.failureReason}${m.retryable ? ' (retryable)' : ''}` : '';
  return `migration ${m.id} of ${vm}, plan ${m.planId}: ${phaseName(m.phase)}${failure}\n${m.warm ? warmLine(m.warm) : ''}${m.precopy ? precopyLine(m.precopy) : ''}${m.back ? backLine(m.back) : ''}`;
}

/**
 * The way back in a line: "  back: compared 512 of 2048 chunks (25%), 3 shipped so far, 1.5 MiB/s, ETA 12s", then
 * "  back: 12 of 2048 chunks differed and were shipped (12.0 MiB), prem guest: network: unchanged - …, prem VM on, …".
 */
export function backLine(b: api.IBackStatus): string {
  const total = Number(b.chunksTotal ?? 0);
  const compared = Number(b.chunksCompared ?? 0);
  const shipped = Number(b.chunksShipped ?? 0);
  const parts: string[] = [];
  if (compared >= total && total > 0) parts.push(`${shipped} of ${total} chunks differed and were shipped (${bytes(shipped * 2 ** 20)})`);
  else {
    const rate = Number(b.rateBytesPerSecond ?? 0);
    const eta = Number(b.etaSeconds ?? -1);
    parts.push(`compared ${compared} of ${total} chunks (${total > 0 ? Math.floor((100 * compared) / total) : 0}%), ${shipped} shipped so far`);
    if (rate > 0) parts.push(`${bytes(rate)}/s`);
    if (compared > 0) parts.push(`ETA ${duration(eta)}`);
  }
  if ((b.restoreSteps ?? []).length > 0) parts.push(`prem guest: ${(b.restoreSteps ?? []).map((s) => s.split(' - ')[0]).join(', ')}`);
  else if (b.undoPrep) parts.push('the preparation will be undone');
  if (b.migratedBackAt) parts.push(`prem VM on, ${(Number(b.downtimeMillis) / 1000).toFixed(1)} s after the cloud VM went off; the cloud VM is kept, powered off`);
  return `  back: ${parts.join(', ')}\n`;
}

/**
 * A pre-copy migration's syncs in a line: "  precopy: generation 3 synced (last delta 4 chunks, 4.0 MiB in 1.2 s, dirty 2.0 MiB/min), next sync at 12:00:00Z"
 * (or "syncing generation 4 …", "cutover requested …", "final delta synced").
 */
export function precopyLine(p: api.IPrecopyStatus): string {
  const generation = Number(p.generation ?? 0);
  const parts = [generation === 0 ? 'full sync under way' : `generation ${generation} synced`];
  if (generation > 0) {
    parts[0] += ` (last ${generation === 1 ? 'sync' : 'delta'} ${Number(p.lastDeltaChunks)} chunks, ${bytes(Number(p.lastDeltaBytes ?? 0))} in ${(Number(p.lastDeltaDurationMs) / 1000).toFixed(1)} s`;
    parts[0] += generation > 1 ? `, dirty ${bytes(Number(p.dirtyBytesPerMinute ?? 0))}/min)` : ')';
  }
  if (p.syncing && generation > 0) parts.push(`syncing generation ${generation + 1}`);
  if (p.finalSynced) parts.push('final delta synced');
  else if (p.cutoverRequestedAt) parts.push(`cutover requested at ${new Date(Number(p.cutoverRequestedAt.unixMillis)).toISOString()}`);
  else if (p.nextSyncAt) parts.push(`next sync at ${new Date(Number(p.nextSyncAt.unixMillis)).toISOString()}`);
  return `  precopy: ${parts.join(', ')}\n`;
}

/** A warm migration's cache, boot and move in a line: "  warm: over cache iqn… (up after 12.3 s), hydrated 512.0 MiB, fetched on demand 60.0 MiB, on storage [ds] …". */
function warmLine(w: api.IWarmStatus): string {
  const parts = [`over cache ${w.cacheIqn || '(not yet made)'}`];
  if (Number(w.downtimeMillis) > 0) parts[0] += ` (up ${(Number(w.downtimeMillis) / 1000).toFixed(1)} s after the source went off)`;
  parts.push(`hydrated ${bytes(Number(w.bytesHydrated ?? 0))}, fetched on demand ${bytes(Number(w.bytesFetchedOnDemand ?? 0))}`);
  if ((w.storageDisks ?? []).length > 0) {
    parts.push(`on storage ${(w.storageDisks ?? []).join(', ')} (switchover ${(Number(w.switchoverMillis) / 1000).toFixed(1)} s, ${Number(w.chunksWrittenInCloud)} MiB written in the cloud)`);
  }
  return `  warm: ${parts.join(', ')}\n`;
}
