import { context, trace } from '@opentelemetry/api';
import { ferry } from '@ferry/proto';
import { healthStatus, type ServiceHandle } from '@ferry/testing';
import { natsRequest, tracer } from '@ferry/service-kit';
import type { NatsConnection } from 'nats';

/** What the demo and the e2e test verify for one running service. */
export interface ServiceReport {
  name: string;
  /** Every port variable of the service and the port it got. */
  ports: Record<string, number>;
  health: string;
  /** NATS ping round trip in ms, or the error. */
  ping: { ok: true; millis: number; traceId: string; sentTraceId: string } | { ok: false; error: string };
  metrics: { ok: boolean; detail: string };
}

/** A service is healthy when health is SERVING, the ping came back in the caller's trace, and /metrics serves. */
export function healthy(report: ServiceReport): boolean {
  return report.health === 'SERVING' && report.ping.ok && report.ping.traceId === report.ping.sentTraceId && report.metrics.ok;
}

/** Sends `ferry.cmd.<service>.ping` inside a fresh span and measures the round trip. */
export async function pingService(nc: NatsConnection, name: string): Promise<ServiceReport['ping']> {
  const span = tracer().startSpan(`demo ping ${name}`);
  const sentTraceId = span.spanContext().traceId;
  const began = performance.now();
  try {
    const pong = await context.with(trace.setSpan(context.active(), span), () =>
      natsRequest<ferry.common.v1.Pong>(nc, `ferry.cmd.${name}.ping`, ferry.common.v1.Ping.create({ from: 'demo', sentAt: { unixMillis: Date.now() } })),
    );
    return { ok: true, millis: performance.now() - began, traceId: pong.traceId, sentTraceId };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    span.end();
  }
}

/** GET /metrics on the ops port: Prometheus text with the service label. */
export async function scrapeMetrics(opsPort: number, name: string): Promise<{ ok: boolean; detail: string; body: string }> {
  try {
    const response = await fetch(`http://127.0.0.1:${opsPort}/metrics`, { signal: AbortSignal.timeout(5000) });
    const body = await response.text();
    const samples = body.split('\n').filter((line) => line && !line.startsWith('#')).length;
    const ok = response.ok && (response.headers.get('content-type') ?? '').startsWith('text/plain') && body.includes(`service="${name}"`);
    return { ok, detail: `${response.status}, ${samples} samples`, body };
  } catch (error) {
    return { ok: false, detail: (error as Error).message, body: '' };
  }
}

/** Runs every check against one service. */
export async function checkService(nc: NatsConnection, handle: ServiceHandle): Promise<ServiceReport> {
  const [health, ping, metrics] = await Promise.all([healthStatus(handle.opsPort), pingService(nc, handle.name), scrapeMetrics(handle.opsPort, handle.name)]);
  return { name: handle.name, ports: { ...handle.ports }, health, ping, metrics: { ok: metrics.ok, detail: metrics.detail } };
}
