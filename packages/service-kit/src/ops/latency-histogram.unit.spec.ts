import { Registry } from 'prom-client';
import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('is scraped as a Prometheus histogram in seconds with cumulative buckets, a sum and a count', async () => {
    const histogram = new LatencyHistogram();
    for (const ms of [0.2, 3, 3, 40, 9000]) histogram.observe(ms);
    const registry = new Registry();
    histogram.register(registry, 'ferry_test_latency_seconds', 'test latency');
    const text = await registry.metrics();
    expect(text).toContain('# TYPE ferry_test_latency_seconds histogram');
    expect(text).toContain('ferry_test_latency_seconds_bucket{le="0.0005"} 1');
    expect(text).toContain('ferry_test_latency_seconds_bucket{le="0.005"} 3');
    expect(text).toContain('ferry_test_latency_seconds_bucket{le="0.05"} 4');
    expect(text).toContain('ferry_test_latency_seconds_bucket{le="5"} 4');
    expect(text).toContain('ferry_test_latency_seconds_bucket{le="+Inf"} 5');
    expect(text).toMatch(/ferry_test_latency_seconds_sum 9\.0462/);
    expect(text).toContain('ferry_test_latency_seconds_count 5');
  });
});
