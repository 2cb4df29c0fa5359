/** Demand reads prem-manager answered for cloud caches, on the ops port's /metrics. */
import type { Registry } from 'prom-client';
import { scrapedCounter, scrapedGauge } from '@ferry/service-kit';
import { demandMetrics } from './demand-answerer';

export function registerDemandMetrics(registry: Registry, lanes: () => number): void {
  scrapedCounter(registry, 'ferry_demand_requests_total', 'Demand read requests answered (or failed)', () => demandMetrics.requests);
  scrapedCounter(registry, 'ferry_demand_readahead_requests_total', 'Demand requests that were read-ahead', () => demandMetrics.readAheadRequests);
  scrapedCounter(registry, 'ferry_demand_chunks_served_total', 'Sealed chunks sent on demand', () => demandMetrics.chunksServed);
  scrapedCounter(registry, 'ferry_demand_bytes_served_total', 'Bytes of sealed chunks sent on demand', () => demandMetrics.bytesServed);
  scrapedCounter(registry, 'ferry_demand_failures_total', 'Demand requests answered with an error', () => demandMetrics.failures);
  scrapedGauge(registry, 'ferry_demand_lanes_connected', 'Demand lanes dialled and open now', lanes);
}
