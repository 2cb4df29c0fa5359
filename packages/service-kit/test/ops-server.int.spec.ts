import { Server, ServerCredentials, status, type ServiceError } from '@grpc/grpc-js';
import { context, trace } from '@opentelemetry/api';
import { grpc } from '@ferry/proto';
import { NotFoundError } from '@ferry/errors';
import { createMetricsRegistry, grpcClient, grpcServiceDefinition, HealthRegistry, startOpsServer, startTelemetry, tracer, unary, unaryCall, type OpsServer } from '../src';

const { ServingStatus } = grpc.health.v1.HealthCheckResponse;

describe('ops port: gRPC health and /metrics on one real TCP port', () => {
  const health = new HealthRegistry('inventory');
  let ready = false;
  let ops: OpsServer;

  beforeAll(async () => {
    startTelemetry('ops-test');
    health.addCheck('nats', () => ready);
    ops = await startOpsServer({ port: 0, host: '127.0.0.1', health, metrics: createMetricsRegistry('inventory') });
  });
  afterAll(() => ops.close());

  it('answers Check with NOT_SERVING until ready, then SERVING; Watch streams the change', async () => {
    const client = grpcClient('grpc.health.v1.Health', `127.0.0.1:${ops.port}`);
    const before = await unaryCall<unknown, grpc.health.v1.HealthCheckResponse>(client, 'Check', { service: '' });
    expect(before.status).toBe(ServingStatus.NOT_SERVING);

    const seen: number[] = [];
    const watch = (client as unknown as Record<string, (r: unknown) => NodeJS.EventEmitter & { cancel(): void }>).Watch!({ service: 'inventory' });
    const gotServing = new Promise<void>((resolve) => watch.on('data', (r: grpc.health.v1.HealthCheckResponse) => {
      seen.push(r.status);
      if (r.status === ServingStatus.SERVING) resolve();
    }));
    watch.on('error', () => undefined); // the cancel below ends the stream with CANCELLED
    await new Promise((r) => setTimeout(r, 100));
    ready = true;
    health.refresh();
    await gotServing;
    watch.cancel();
    expect(seen).toEqual([ServingStatus.NOT_SERVING, ServingStatus.SERVING]);
    const after = await unaryCall<unknown, grpc.health.v1.HealthCheckResponse>(client, 'Check', { service: 'inventory' });
    expect(after.status).toBe(ServingStatus.SERVING);
    await expect(unaryCall(client, 'Check', { service: 'nope' })).rejects.toMatchObject({ code: status.NOT_FOUND });
    client.close();
  });

  it('serves Prometheus text on GET /metrics and 404 elsewhere, over HTTP/1.1 on the same port', async () => {
    const metrics = await fetch(`http://127.0.0.1:${ops.port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toMatch(/^ferry_process_resident_memory_bytes\{service="inventory"\} \d+/m);
    expect((await fetch(`http://127.0.0.1:${ops.port}/other`)).status).toBe(404);
  });
});

describe('gRPC helpers', () => {
  it('carry the caller trace in metadata and map Ferry errors to gRPC codes', async () => {
    startTelemetry('grpc-test');
    const server = new Server();
    let serverTraceId = '';
    server.addService(grpcServiceDefinition('grpc.health.v1.Health'), {
      Check: unary<grpc.health.v1.HealthCheckRequest, grpc.health.v1.IHealthCheckResponse>('Check', async (request) => {
        serverTraceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
        if (request.service === 'missing') throw new NotFoundError('no service "missing"; ask for ""');
        return { status: ServingStatus.SERVING };
      }),
      Watch: () => undefined,
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    const client = grpcClient('grpc.health.v1.Health', `127.0.0.1:${port}`);
    try {
      const span = tracer().startSpan('caller');
      await context.with(trace.setSpan(context.active(), span), () => unaryCall(client, 'Check', { service: '' }));
      span.end();
      expect(serverTraceId).toBe(span.spanContext().traceId);
      const error = (await unaryCall(client, 'Check', { service: 'missing' }).catch((e: ServiceError) => e)) as ServiceError;
      expect(error.code).toBe(status.NOT_FOUND);
      expect(error.details).toBe('no service "missing"; ask for ""');
    } finally {
      client.close();
      server.forceShutdown();
    }
  });
});
