import { ferry } from '@ferry/proto';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

/** "planned", "copying_disks", … from a ferry.migration.v1.Phase value. */
export const phaseName = (phase: number | null | undefined): string => (mig.Phase[phase ?? 0] ?? String(phase)).replace('PHASE_', '').toLowerCase();

/** One migration in a line (and its failure reason when it failed). */
export function describeMigration(m: api.Migration): string {
  const vm = m.sourceVm ? `${m.sourceVm.moref}${m.sourceVm.name ? ` (${m.sourceVm.name})` : ''}` : '?';
  const failure = m.failureReason ? `: ${m.failureReason}${m.retryable ? ' (retryable)' : ''}` : '';
  return `migration ${m.id} of ${vm}, plan ${m.planId}: ${phaseName(m.phase)}${failure}\n`;
}
