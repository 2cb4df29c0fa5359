/** Demand reads cloud-manager relayed from the cloud cache to prem, on the ops port's /metrics. */
import type { Registry } from 'prom-client';
import { scrapedCounter, scrapedGauge } from '@ferry/service-kit';
import { relayMetrics } from './demand-relay';

export function registerRelayMetrics(registry: Registry, premLanes: () => number): void {
  scrapedCounter(registry, 'ferry_relay_demand_requests_total', 'Demand requests relayed from the cache to prem', () => relayMetrics.requests);
  scrapedCounter(registry, 'ferry_relay_demand_chunks_total', 'Sealed demand chunks relayed back to the cache', () => relayMetrics.chunks);
  scrapedCounter(registry, 'ferry_relay_demand_failures_total', 'Relayed demand requests that failed', () => relayMetrics.failures);
  scrapedGauge(registry, 'ferry_relay_prem_lanes', 'Demand lanes prem-manager has open to this cloud-manager now', premLanes);
}
