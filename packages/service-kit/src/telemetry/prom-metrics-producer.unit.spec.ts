import { Counter, Histogram, Registry } from 'prom-client';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { otlpMetricsOf } from './prom-metrics-producer';

describe('prom-client metrics over OTLP', () => {
  it('turns a counter into a monotonic sum and a histogram into its Prometheus series as gauges', async () => {
    const registry = new Registry();
    new Counter({ name: 'ferry_test_sent_total', help: 'sent', labelNames: ['disk'], registers: [registry] }).inc({ disk: '2000' }, 3);
    new Histogram({ name: 'ferry_test_wait_seconds', help: 'wait', buckets: [1], registers: [registry] }).observe(0.5);
    const [counter, histogram] = await registry.getMetricsAsJSON();
    const t: [number, number] = [1, 0];
    const sum = otlpMetricsOf(counter!, t, t);
    expect(sum).toMatchObject([{ descriptor: { name: 'ferry_test_sent_total', description: 'sent' }, dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints: [{ attributes: { disk: '2000' }, value: 3 }] }]);
    const series = otlpMetricsOf(histogram!, t, t);
    expect(series.map((m) => [m.descriptor.name, m.dataPointType, m.dataPoints.length])).toEqual([
      ['ferry_test_wait_seconds_bucket', DataPointType.GAUGE, 2],
      ['ferry_test_wait_seconds_sum', DataPointType.GAUGE, 1],
      ['ferry_test_wait_seconds_count', DataPointType.GAUGE, 1],
    ]);
  });
});
