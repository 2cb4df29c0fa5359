/**
 * A minimal OTLP/HTTP receiver for tests: it takes what Ferry's services export (POST /v1/traces and
 * /v1/metrics, JSON as the OTLP/HTTP exporters send it) and keeps every span and metric point with
 * its service name. Point the services at it with OTEL_EXPORTER_OTLP_ENDPOINT=<endpoint>.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as received. */
export interface ReceivedSpan {
  readonly service: string;
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** One metric data point as received (POST /v1/metrics): sums and gauges. */
export interface ReceivedPoint {
  readonly service: string;
  readonly name: string;
  readonly kind: 'sum' | 'gauge' | 'other';
  readonly value: number;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface OtlpReceiver {
  /** http://127.0.0.1:<port>, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  spans(): readonly ReceivedSpan[];
  points(): readonly ReceivedPoint[];
  stop(): Promise<void>;
}

interface OtlpValue { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number }
interface OtlpAttribute { key: string; value?: OtlpValue }
interface OtlpSpan { name: string; traceId: string; spanId: string; parentSpanId?: string; attributes?: OtlpAttribute[] }
interface OtlpNumberPoint { asDouble?: number; asInt?: string | number; attributes?: OtlpAttribute[] }
interface OtlpMetric { name: string; sum?: { dataPoints?: OtlpNumberPoint[] }; gauge?: { dataPoints?: OtlpNumberPoint[] } }
interface OtlpMetricsExport { resourceMetrics?: Array<{ resource?: { attributes?: OtlpAttribute[] }; scopeMetrics?: Array<{ metrics?: OtlpMetric[] }> }> }
interface OtlpExport { resourceSpans?: Array<{ resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: Array<{ spans?: OtlpSpan[] }> }> }

const valueOf = (v: OtlpValue | undefined): string => String(v?.stringValue ?? v?.intValue ?? v?.boolValue ?? v?.doubleValue ?? '');
/** Ids come as hex, or as base64 of their bytes: always hex here. */
const hexId = (id: string | undefined): string => (!id ? '' : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex'));

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const points: ReceivedPoint[] = [];
  const takeMetrics = (body: OtlpMetricsExport): void => {
    for (const rm of body.resourceMetrics ?? []) {
      const service = valueOf(rm.resource?.attributes?.find((a) => a.key === 'service.name')?.value);
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const kind = m.sum ? 'sum' : m.gauge ? 'gauge' : 'other';
          for (const p of (m.sum ?? m.gauge)?.dataPoints ?? []) {
            points.push({ service, name: m.name, kind, value: Number(p.asDouble ?? p.asInt ?? 0), attributes: Object.fromEntries((p.attributes ?? []).map((a) => [a.key, valueOf(a.value)])) });
          }
        }
      }
    }
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      if (request.method !== 'POST' || (request.url !== '/v1/traces' && request.url !== '/v1/metrics')) {
        response.writeHead(404).end();
        return;
      }
      try {
        if (request.url === '/v1/metrics') {
          takeMetrics(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpMetricsExport);
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const rs of body.resourceSpans ?? []) {
          const service = valueOf(rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value);
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              received.push({
                service, name: s.name, traceId: hexId(s.traceId), spanId: hexId(s.spanId), parentSpanId: hexId(s.parentSpanId),
                attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
              });
            }
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        response.writeHead(400).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    points: () => [...points],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
