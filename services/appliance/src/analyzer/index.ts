// The IO analyzer intake: cloud-cache summaries pushed to the analyzer port, kept per volume within
// the ANALYZER_* limits, exposed on /metrics and through the integrator API (ListCacheVolumes).
export { CacheSummaries, type ReceivedSummary, type SummaryPage } from './cache-summaries';
export { startAnalyzerIntake, type AnalyzerIntake } from './intake-server';
export { registerCacheSummaryMetrics } from './cache-metrics';
export { analyzerLimitsOf, DEFAULT_ANALYZER_LIMITS, type AnalyzerLimits } from './intake-limits';
export { decodeSummaryBatch } from './summary-validation';
export { volumeIdProblem } from './volume-id';
