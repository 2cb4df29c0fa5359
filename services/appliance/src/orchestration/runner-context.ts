// What the effect runner and every step run with: the clock, command ids, the way commands reach the
// migration aggregate, and the in-place retry policy.
import type { MigrationCommand } from '../migration';

/** Clock, ids and the way commands reach the migration aggregate. */
export interface RunnerContext {
  now(): number;
  /**
   * The id of the command that records `outcome` of this effect. Derived from the migration, the
   * outcome and the attempt (not random), so an effect re-run after a crash stores its outcome once.
   */
  commandId(outcome: string): string;
  send(command: MigrationCommand): Promise<void>;
  /** In-place retries of a transient step failure before it is recorded (default: none). */
  readonly retry?: StepRetryPolicy;
  /**
   * Aborted when the runner stops (shutdown): waits inside a step (a copy following its transfer) end at
   * once, and what the step then throws is not recorded as its failure (the next start runs it again).
   */
  readonly stopping?: AbortSignal;
}

/** How often, and after what pauses, a step that failed transiently is run again. */
export interface StepRetryPolicy {
  /** Further runs after the first (0: record the first failure). */
  readonly retries: number;
  /** Pause before the first re-run; each later pause is three times the one before. */
  readonly backoffMs: number;
  /**
   * How long a vCenter may stay unreachable (refused, timed out: a restart, a network cut) while the
   * step keeps being run again, beyond `retries`; 0: such a failure counts as any other. Default 0.
   */
  readonly vcenterOutageMs?: number;
  /**
   * How long a step may find no service taking its NATS command (one restarting, or reconnecting after
   * a NATS outage) while it keeps being run again, beyond `retries`; 0: counts as any failure. Default 0.
   */
  readonly serviceOutageMs?: number;
  readonly log: (message: string) => void;
  /** Aborted when the runner stops: a pending re-run is dropped unrecorded (the next start resumes the step). */
  readonly signal?: AbortSignal;
}
