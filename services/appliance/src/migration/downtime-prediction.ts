// A pre-copy cutover's predicted downtime as events and state carry it (ferry.migration.v1.DowntimePrediction).

/** One step of the cutover's downtime as predicted. */
export interface PredictedStep {
  readonly step: 'shutdown' | 'final_delta' | 'full_copy' | 'create_target' | 'fixup' | 'power_on' | 'boot_over_cache';
  readonly millis: number;
  /** "measured": from `samples` of this site's migrations (or this migration's syncs); "default": no history yet. */
  readonly basis: 'measured' | 'default';
  readonly samples: number;
}

export interface DowntimePrediction {
  /** Every step together. */
  readonly downtimeMillis: number;
  /** What the final delta ships: the dirty rate × the time since the last sync's snapshot and the shutdown. */
  readonly finalDeltaBytes: number;
  readonly dirtyBytesPerMinute: number;
  readonly deltaBytesPerSecond: number;
  readonly syncOverheadMillis: number;
  readonly steps: readonly PredictedStep[];
  readonly lastSnapshotAtMillis: number;
  /** The cutover time the prediction is for. */
  readonly predictedAtMillis: number;
}
