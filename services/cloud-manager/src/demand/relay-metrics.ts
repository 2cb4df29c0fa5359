/** Demand reads cloud-manager relayed from the cloud cache to prem, on the ops port's /metrics. */
import { Counter, Gauge, type Registry } from 'prom-client';
import { relayMetrics } from './demand-relay';

export function registerRelayMetrics(registry: Registry, premLanes: () => number): void {
  const counter = (name: string, help: string, value: () => number): void => {
    new Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(value()); } });
  };
  counter('ferry_relay_demand_requests_total', 'Demand requests relayed from the cache to prem', () => relayMetrics.requests);
  counter('ferry_relay_demand_chunks_total', 'Sealed demand chunks relayed back to the cache', () => relayMetrics.chunks);
  counter('ferry_relay_demand_failures_total', 'Relayed demand requests that failed', () => relayMetrics.failures);
  new Gauge({ name: 'ferry_relay_prem_lanes', help: 'Demand lanes prem-manager has open to this cloud-manager now', registers: [registry], collect() { this.set(premLanes()); } });
}
