/** Demand reads prem-manager answered for cloud caches, on the ops port's /metrics. */
import { Counter, Gauge, type Registry } from 'prom-client';
import { demandMetrics } from './demand-answerer';

export function registerDemandMetrics(registry: Registry, lanes: () => number): void {
  const counter = (name: string, help: string, value: () => number): void => {
    new Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(value()); } });
  };
  counter('ferry_demand_requests_total', 'Demand read requests answered (or failed)', () => demandMetrics.requests);
  counter('ferry_demand_readahead_requests_total', 'Demand requests that were read-ahead', () => demandMetrics.readAheadRequests);
  counter('ferry_demand_chunks_served_total', 'Sealed chunks sent on demand', () => demandMetrics.chunksServed);
  counter('ferry_demand_bytes_served_total', 'Bytes of sealed chunks sent on demand', () => demandMetrics.bytesServed);
  counter('ferry_demand_failures_total', 'Demand requests answered with an error', () => demandMetrics.failures);
  new Gauge({ name: 'ferry_demand_lanes_connected', help: 'Demand lanes dialled and open now', registers: [registry], collect() { this.set(lanes()); } });
}
