import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** What startTelemetry set up; `shutdown` flushes pending spans. */
export interface Telemetry {
  readonly serviceName: string;
  readonly tracer: Tracer;
  shutdown(): Promise<void>;
}

let current: Telemetry | undefined;

/**
 * Registers the tracer provider, the async-local context manager and W3C trace-context propagation.
 * Call it first in main.ts, before NestJS is loaded. Finished spans go to stdout when TRACE_CONSOLE
 * is true (read here directly: the validated config is loaded later, by which time tracing must exist).
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  if (current) return current;
  const spanProcessors: SpanProcessor[] = [];
  if (['true', '1', 'yes', 'on'].includes((env.TRACE_CONSOLE ?? '').toLowerCase())) {
    spanProcessors.push(new BatchSpanProcessor(new ConsoleSpanExporter(), { scheduledDelayMillis: 500 }));
  }
  const provider = new NodeTracerProvider({
    resource: new Resource({ [ATTR_SERVICE_NAME]: `ferry-${serviceName}` }),
    spanProcessors,
  });
  provider.register({
    propagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  });
  current = {
    serviceName,
    tracer: trace.getTracer(`ferry-${serviceName}`),
    shutdown: async () => {
      await provider.shutdown();
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
