/**
 * A fixed-bucket latency histogram for hot paths: observe() adds to a Float64Array (no allocation, no
 * label lookup, unlike prom-client's Histogram.observe); the registry reads it as a Prometheus
 * histogram (seconds, cumulative buckets) at scrape time.
 */
import type { Metric, Registry } from 'prom-client';

/** Upper bounds in milliseconds; a last +Inf bucket is implied. */
const BOUNDS_MS = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

export class LatencyHistogram {
  private readonly counts = new Float64Array(BOUNDS_MS.length + 1);
  private sumMs = 0;
  count = 0;

  observe(ms: number): void {
    let i = 0;
    while (i < BOUNDS_MS.length && ms > (BOUNDS_MS[i] as number)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sumMs += ms;
    this.count++;
  }

  /** Registers the histogram as `name` (seconds) on `registry`. */
  register(registry: Registry, name: string, help: string): void {
    const values = (): Array<{ labels: Record<string, string | number>; value: number; metricName: string }> => {
      const out: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
      let cumulative = 0;
      BOUNDS_MS.forEach((bound, i) => {
        cumulative += this.counts[i] ?? 0;
        out.push({ labels: { le: bound / 1000 }, value: cumulative, metricName: `${name}_bucket` });
      });
      out.push({ labels: { le: '+Inf' }, value: this.count, metricName: `${name}_bucket` });
      out.push({ labels: {}, value: this.sumMs / 1000, metricName: `${name}_sum` });
      out.push({ labels: {}, value: this.count, metricName: `${name}_count` });
      return out;
    };
    // prom-client formats any registered object with name, help, type and get(); its Histogram class
    // would allocate per observation, which the per-chunk path must not.
    const metric = { name, help, type: 'histogram', aggregator: 'sum', get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: values() }) };
    registry.registerMetric(metric as unknown as Metric);
  }
}
