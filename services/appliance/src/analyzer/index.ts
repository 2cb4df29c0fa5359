// The IO analyzer intake: cloud-cache summaries pushed to the analyzer port, kept per volume,
// exposed on /metrics and through the integrator API (ListCacheVolumes).
export { CacheSummaries, type ReceivedSummary } from './cache-summaries';
export { startAnalyzerIntake, type AnalyzerIntake } from './intake-server';
export { registerCacheSummaryMetrics } from './cache-metrics';
export { decodeSummaryBatch } from './summary-validation';
