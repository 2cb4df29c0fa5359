// A pre-copy migration's downtime as the API shows it (ferry.api.v1.MigrationDowntime): the prediction
// recorded at its cutover (DowntimePredicted), the measured downtime once completed, and its own
// scheduled cutover. GetMigration adds a live prediction while no cutover was asked for (downtime-api.ts).
import { ferry } from '@ferry/proto';
import { MigrationMode, type DowntimePrediction, type MigrationState } from '../migration';

import api = ferry.api.v1;

export function predictionView(p: DowntimePrediction): ferry.migration.v1.IDowntimePrediction {
  return {
    downtimeMillis: p.downtimeMillis, finalDeltaBytes: p.finalDeltaBytes, dirtyBytesPerMinute: p.dirtyBytesPerMinute, deltaBytesPerSecond: p.deltaBytesPerSecond,
    syncOverheadMillis: p.syncOverheadMillis, steps: p.steps.map((s) => ({ ...s })), lastSnapshotAtMillis: p.lastSnapshotAtMillis, predictedAtMillis: p.predictedAtMillis,
  };
}

/** What the migration's own events say; undefined for other modes. `scheduledAt`: its cutover time (its own, else its plan's), 0 for none. */
export function recordedDowntimeView(state: Exclude<MigrationState, { phase: 'initial' }>, scheduledAt = state.facts.precopy?.cutoverScheduledAt ?? 0): api.IMigrationDowntime | undefined {
  const { facts } = state;
  if (facts.mode !== MigrationMode.Precopy || !facts.precopy) return undefined;
  const recorded = facts.precopy.downtimePrediction;
  return {
    predicted: recorded ? predictionView(recorded) : null,
    recorded: recorded !== undefined,
    measuredMillis: state.phase === 'completed' ? state.downtimeMillis : 0,
    cutoverScheduledAt: scheduledAt > 0 ? { unixMillis: scheduledAt } : null,
  };
}
