import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { exportRegistryOverOtlp } from '../telemetry/prom-metrics-producer';

/** One Prometheus registry per process, with Node's default metrics and a `service` label. */
export function createMetricsRegistry(serviceName: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry, prefix: 'ferry_' });
  // The same series leave over OTLP when telemetry exports metrics (OTEL_EXPORTER_OTLP_ENDPOINT).
  exportRegistryOverOtlp(registry);
  return registry;
}

/**
 * A counter whose value is read at scrape time from a number the code already keeps (nothing is
 * counted twice, and the hot path only adds to its own number).
 */
export function scrapedCounter(registry: Registry, name: string, help: string, value: () => number): void {
  new Counter({
    name, help, registers: [registry],
    collect() {
      this.reset();
      this.inc(value());
    },
  });
}

/** A gauge read at scrape time. */
export function scrapedGauge(registry: Registry, name: string, help: string, value: () => number): void {
  new Gauge({
    name, help, registers: [registry],
    collect() {
      this.set(value());
    },
  });
}
