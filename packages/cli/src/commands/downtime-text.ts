// A pre-copy migration's predicted (and measured) downtime in one line, for `ferry watch` and `ferry cutover`.
import { ferry } from '@ferry/proto';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

const MiB = 2 ** 20;

/** 41650 → "42 s", 600000 → "10 min". */
export function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** The steps from documented defaults (no history yet), named so the reader knows which figures are guesses. */
export function defaultsNote(steps: readonly mig.IPredictedStep[]): string {
  const guessed = steps.filter((s) => s.basis === 'default').map((s) => s.step);
  return guessed.length > 0 ? ` (defaults, no history yet: ${guessed.join(', ')})` : '';
}

/** "downtime predicted 42 s (final delta 6.5 MiB at 6.0 MiB/min), measured 39 s"; '' when there is nothing to say. */
export function downtimeLine(downtime: api.IMigrationDowntime | null | undefined): string {
  const p = downtime?.predicted;
  if (!p) return '';
  const measured = Number(downtime?.measuredMillis ?? 0);
  const delta = `final delta ${(Number(p.finalDeltaBytes ?? 0) / MiB).toFixed(1)} MiB at ${((p.dirtyBytesPerMinute ?? 0) / MiB).toFixed(1)} MiB/min`;
  const label = downtime?.recorded ? 'predicted at the cutover' : 'predicted';
  return `downtime ${label} ${seconds(Number(p.downtimeMillis ?? 0))} (${delta})${measured > 0 ? `, measured ${seconds(measured)}` : ''}${defaultsNote(p.steps ?? [])}`;
}
