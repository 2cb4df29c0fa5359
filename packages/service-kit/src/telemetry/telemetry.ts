import { context, propagation, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { Resource } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { PromClientProducer } from './prom-metrics-producer';
import { BatchSpanProcessor, ConsoleSpanExporter, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** What startTelemetry set up; `shutdown` flushes pending spans. */
export interface Telemetry {
  readonly serviceName: string;
  readonly tracer: Tracer;
  shutdown(): Promise<void>;
}

let current: Telemetry | undefined;

/**
 * Starts OpenTelemetry's Node SDK (@opentelemetry/sdk-node): the tracer provider, the async-local
 * context manager and W3C trace-context propagation. Call it first in main.ts, before NestJS is loaded. Finished spans go over OTLP/HTTP when the standard
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set and OTEL_TRACES_EXPORTER is
 * not "none" (the exporter reads the other OTEL_EXPORTER_OTLP_* variables, the batch processor the
 * OTEL_BSP_* ones), and to stdout when TRACE_CONSOLE is true (read here directly: the validated config
 * is loaded later, by which time tracing must exist).
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  if (current) return current;
  const spanProcessors: SpanProcessor[] = [];
  const otlp = (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT) && (env.OTEL_TRACES_EXPORTER ?? 'otlp').toLowerCase() !== 'none';
  if (otlp) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  if (['true', '1', 'yes', 'on'].includes((env.TRACE_CONSOLE ?? '').toLowerCase())) {
    spanProcessors.push(new BatchSpanProcessor(new ConsoleSpanExporter(), { scheduledDelayMillis: 500 }));
  }
  // The SDK registers its tracer provider (and with it the async context and the propagator) only
  // with a processor: without an exporter the spans still carry the trace ids events record.
  if (spanProcessors.length === 0) spanProcessors.push(new NoopSpanProcessor());
  // The Prometheus metrics also go over OTLP with the traces, unless OTEL_METRICS_EXPORTER says none.
  const otlpMetrics = (env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT) && (env.OTEL_METRICS_EXPORTER ?? 'otlp').toLowerCase() !== 'none';
  const metricReader = otlpMetrics
    ? new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000, metricProducers: [new PromClientProducer()] })
    : undefined;
  const sdk = new NodeSDK({
    resource: new Resource({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || `ferry-${serviceName}` }),
    autoDetectResources: false,
    spanProcessors,
    ...(metricReader ? { metricReader } : {}),
    textMapPropagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  });
  sdk.start();
  current = {
    serviceName,
    tracer: trace.getTracer(`ferry-${serviceName}`),
    shutdown: async () => {
      await sdk.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      current = undefined;
    },
  };
  return current;
}

/** The tracer of this process (a no-op tracer when telemetry was not started, e.g. in unit tests). */
export function tracer(): Tracer {
  return current?.tracer ?? trace.getTracer('ferry');
}

/** Flushes and stops telemetry (called on shutdown). */
export async function stopTelemetry(): Promise<void> {
  await current?.shutdown();
}

/**
 * Runs `work` in a new span named `name`, child of `parent` (default: the active context), ending it
 * when `work` settles and recording a failure on it. For work that outlives the call that started it
 * (an orchestration step, a data-plane session), pass the context it belongs to.
 */
export async function inSpan<T>(name: string, attributes: Record<string, string | number>, work: () => Promise<T>, parent: Context = context.active()): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
