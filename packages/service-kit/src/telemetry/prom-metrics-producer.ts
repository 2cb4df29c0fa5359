// The service's Prometheus metrics (prom-client, served on the ops /metrics) also leave over OTLP: a
// MetricProducer reads the registry at each export and hands its series to the OpenTelemetry SDK's
// reader. Counters become monotonic cumulative sums; gauges, and every series of a histogram or a
// summary (_bucket with `le`, _sum, _count, quantiles), become gauges under their Prometheus names.
import { hrTime } from '@opentelemetry/core';
import { ValueType, type Attributes } from '@opentelemetry/api';
import { Resource } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, InstrumentType, type CollectionResult, type MetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import type { Registry } from 'prom-client';

let exported: Registry | undefined;

/** The registry whose series the OTLP export carries (the service kit registers its one registry here). */
export function exportRegistryOverOtlp(registry: Registry): void {
  exported = registry;
}

type PromMetric = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];

function attributesOf(labels: Readonly<Partial<Record<string, string | number>>> | undefined): Attributes {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)]));
}

/** The OTLP metrics of one prom-client metric. */
export function otlpMetricsOf(metric: PromMetric, startTime: [number, number], endTime: [number, number]): MetricData[] {
  const descriptor = (name: string, type: InstrumentType) => ({ name, description: metric.help, unit: '', type, valueType: ValueType.DOUBLE });
  if (String(metric.type) === 'counter') {
    return [{
      descriptor: descriptor(metric.name, InstrumentType.COUNTER), aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.SUM, isMonotonic: true,
      dataPoints: metric.values.map((v) => ({ startTime, endTime, attributes: attributesOf(v.labels), value: v.value })),
    }];
  }
  // Gauges, and histograms and summaries series by series, as Prometheus names them.
  const byName = new Map<string, Array<{ attributes: Attributes; value: number }>>();
  for (const v of metric.values) {
    const name = (v as { metricName?: string }).metricName ?? metric.name;
    byName.set(name, [...(byName.get(name) ?? []), { attributes: attributesOf(v.labels), value: v.value }]);
  }
  return [...byName].map(([name, points]) => ({
    descriptor: descriptor(name, InstrumentType.OBSERVABLE_GAUGE), aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE,
    dataPoints: points.map((p) => ({ startTime, endTime, attributes: p.attributes, value: p.value })),
  }));
}

export class PromClientProducer implements MetricProducer {
  private readonly startTime = hrTime();

  async collect(): Promise<CollectionResult> {
    const endTime = hrTime();
    const metrics = exported ? await exported.getMetricsAsJSON() : [];
    return {
      resourceMetrics: { resource: Resource.empty(), scopeMetrics: [{ scope: { name: 'prom-client' }, metrics: metrics.flatMap((m) => otlpMetricsOf(m, this.startTime, endTime)) }] },
      errors: [],
    };
  }
}
