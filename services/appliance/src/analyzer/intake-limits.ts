/**
 * The limits of the IO-analyzer intake and the answer a push gets when it passes one. The values come
 * from the appliance config (ANALYZER_*); the defaults are the config's, so they are written down once.
 */
import { config, type Config } from '../config';

/** Every limit of the intake. A sender is the address a push came from. */
export interface AnalyzerLimits {
  /** Largest pushed body (413 beyond). */
  readonly maxBodyBytes: number;
  /** Bytes of bodies held at once while they arrive, over all senders (429 beyond). */
  readonly maxPendingBytes: number;
  /** Volumes held over all senders (429 beyond, until older ones expire). */
  readonly maxVolumes: number;
  /** Volumes one sender may have held (a larger batch is 413, growing past it 429). */
  readonly maxVolumesPerSender: number;
  /** Longest volume_id in bytes (400 beyond). */
  readonly maxVolumeIdBytes: number;
  /** Volume summaries one sender may push per second, in bursts up to maxVolumesPerSender (429 beyond). */
  readonly summariesPerSecond: number;
  /** Senders whose rate is tracked at once (429 for another one beyond). */
  readonly maxSenders: number;
  /** A volume whose latest summary is older than this is dropped. */
  readonly summaryTtlMs: number;
  /** Volumes with their own /metrics series; the others are summed into volume="_other". */
  readonly metricsMaxVolumes: number;
}

/** Which config field sets each limit. */
const FIELDS = {
  maxBodyBytes: 'analyzerMaxBodyBytes',
  maxPendingBytes: 'analyzerMaxPendingBytes',
  maxVolumes: 'analyzerMaxVolumes',
  maxVolumesPerSender: 'analyzerMaxVolumesPerSender',
  maxVolumeIdBytes: 'analyzerMaxVolumeIdBytes',
  summariesPerSecond: 'analyzerSummariesPerSecond',
  maxSenders: 'analyzerMaxSenders',
  summaryTtlMs: 'analyzerSummaryTtlMs',
  metricsMaxVolumes: 'analyzerMetricsMaxVolumes',
} as const satisfies Record<keyof AnalyzerLimits, keyof Config>;

/** The name of one limit. */
export type LimitName = keyof AnalyzerLimits;
const names = Object.keys(FIELDS) as LimitName[];

/** The intake's limits as the appliance was configured. */
export function analyzerLimitsOf(c: Config): AnalyzerLimits {
  return Object.fromEntries(names.map((name) => [name, c[FIELDS[name]]])) as unknown as AnalyzerLimits;
}

/** The limits when no ANALYZER_* variable is set. */
export const DEFAULT_ANALYZER_LIMITS: AnalyzerLimits = Object.fromEntries(
  names.map((name) => [name, config[FIELDS[name]].default]),
) as unknown as AnalyzerLimits;

/** The environment variable that sets `limit` ("ANALYZER_MAX_VOLUMES"), the label of its refusals on /metrics. */
export function limitVariable(limit: LimitName): string {
  return config[FIELDS[limit]].env;
}

/** The environment variable that sets `limit`, with its value, for answers and logs: "ANALYZER_MAX_VOLUMES=10000". */
export function limitSetting<L extends LimitName>(limits: Pick<AnalyzerLimits, L>, limit: L): string {
  return `${limitVariable(limit)}=${limits[limit]}`;
}

/** A push that is not taken: the HTTP status, the limit it passed (for the refusal metric) and the answer. */
export interface Refusal {
  readonly status: 413 | 429;
  readonly limit: LimitName;
  /** Says what was too much, names the variable and its value, and what to do. */
  readonly message: string;
  /** Seconds after which the same push may be taken (Retry-After of a 429). */
  readonly retryAfterSeconds?: number;
}

/** A refusal whose message ends with the limit's variable and value. */
export function refusal<L extends LimitName>(
  limits: Pick<AnalyzerLimits, L>, status: Refusal['status'], limit: L, what: string, retryAfterMs?: number,
): Refusal {
  const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterMs / 1000));
  return { status, limit, message: `${what} (limit ${limitSetting(limits, limit)})`, retryAfterSeconds };
}
