/**
 * The warm data path's figures on the ops port's /metrics: demand reads asked of prem (and frames the
 * cache refused), read-ahead, and hydration streams landing in cache volumes.
 */
import type { Registry } from 'prom-client';
import { scrapedCounter, scrapedGauge } from '@ferry/service-kit';
import { hydrationMetrics } from './cache-receiver';
import { remoteFetchMetrics } from './remote-fetcher';

export function registerFeedMetrics(registry: Registry, lanes: () => number): void {
  const counter = (name: string, help: string, value: () => number): void => scrapedCounter(registry, name, help, value);
  counter('ferry_cache_demand_requests_total', 'Demand read requests sent to prem over the demand lanes', () => remoteFetchMetrics.requests);
  counter('ferry_cache_demand_chunks_total', 'Demand chunks verified and accepted', () => remoteFetchMetrics.chunks);
  counter('ferry_cache_demand_frames_rejected_total', 'Demand frames refused by the verifier (tag, hash, session, replay)', () => remoteFetchMetrics.rejectedFrames);
  counter('ferry_cache_demand_retries_total', 'Demand reads asked again after a refused frame or a lost answer', () => remoteFetchMetrics.retries);
  counter('ferry_cache_demand_failures_total', 'Demand reads that failed after every try (a SCSI error to the guest)', () => remoteFetchMetrics.failures);
  counter('ferry_cache_readahead_chunks_total', 'Chunks asked for as read-ahead', () => remoteFetchMetrics.readAheadChunks);
  counter('ferry_cache_readahead_hits_total', 'Read-ahead chunks a guest then read', () => remoteFetchMetrics.readAheadHits);
  counter('ferry_cache_hydration_sessions_total', 'Hydration streams opened', () => hydrationMetrics.sessions);
  counter('ferry_cache_hydration_chunks_stored_total', 'Hydration chunks written into a volume', () => hydrationMetrics.stored);
  counter('ferry_cache_hydration_chunks_kept_total', 'Hydration chunks not written: the volume already held them (fetched on demand or written by the guest)', () => hydrationMetrics.kept);
  counter('ferry_cache_hydrations_completed_total', 'Hydrations whose whole-disk digest matched', () => hydrationMetrics.completed);
  counter('ferry_cache_hydration_streams_rejected_total', 'Hydration streams ended with an error', () => hydrationMetrics.rejected);
  scrapedGauge(registry, 'ferry_cache_demand_lanes', 'Demand lanes cloud-manager has open to this cache now', lanes);
}
