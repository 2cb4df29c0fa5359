import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { ferry } from '@ferry/proto';
import { UnavailableError } from '@ferry/errors';
import { natsRequest, startTelemetry, traceparentOf, unwrap, wrap } from '@ferry/service-kit';
import { healthStatus, SITE_SERVICES, startFerrySite, startService, type FerrySite } from '@ferry/testing';
import { pingService, scrapeMetrics } from '../src/checks';

jest.setTimeout(240_000);
const root = resolve(__dirname, '..', '..', '..');

/** Polls until `probe` returns `want` or the time is up; returns the last value seen. */
async function eventually<T>(probe: () => Promise<T>, want: T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (last !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await probe();
  }
  return last;
}

describe('the seven services running on a real nats-server', () => {
  let system: FerrySite;
  let nc: NatsConnection;

  beforeAll(async () => {
    startTelemetry('e2e');
    // Services run from their builds; tsc -b is incremental, so this is quick when bootstrap already built.
    execFileSync('npx', ['tsc', '-b', ...SITE_SERVICES.map((n) => `services/${n}`)], { cwd: root, stdio: 'inherit' });
    system = await startFerrySite();
    nc = await system.nats.connect('auditor', { name: 'e2e' });
  });

  afterAll(async () => {
    await nc?.drain();
    await system?.stop();
  });

  it.each(SITE_SERVICES)('%s answers gRPC health SERVING on its ops port', async (name) => {
    expect(await healthStatus(system.service(name).opsPort)).toBe('SERVING');
  });

  it.each(SITE_SERVICES)('%s serves Prometheus text on /metrics of the same port', async (name) => {
    const metrics = await scrapeMetrics(system.service(name).opsPort, name);
    expect(metrics.ok).toBe(true);
    expect(metrics.body).toContain('# TYPE ferry_process_cpu_user_seconds_total counter');
    expect(metrics.body).toMatch(new RegExp(`ferry_nodejs_heap_size_used_bytes\\{service="${name}"\\} \\d+`));
  });

  it.each(SITE_SERVICES)('%s answers a protobuf ping over NATS inside the caller\'s trace', async (name) => {
    const ping = await pingService(nc, name);
    expect(ping).toMatchObject({ ok: true });
    if (ping.ok) expect(ping.traceId).toBe(ping.sentTraceId);
  });

  it('carries the trace context in NATS headers both ways (a plain NATS client sees traceparent)', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const headers = natsHeaders();
    headers.set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
    const reply = await nc.request('ferry.cmd.cloud-cache.ping', wrap(ferry.common.v1.Ping.create({ from: 'raw' })), { headers, timeout: 5000 });
    const pong = unwrap(reply.data);
    expect(pong.typeName).toBe('ferry.common.v1.Pong');
    expect((pong.message as ferry.common.v1.Pong).traceId).toBe(traceId);
    expect(reply.headers?.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
    expect(pong.traceparent.split('-')[1]).toBe(traceId);
    expect(traceparentOf().traceparent).toBe(''); // nothing leaked into the test's own context
  });

  it('stops a service with a bad config value, exit code 2 and a message naming the variable', async () => {
    const failure = await startService('inventory', { NATS_URL: system.nats.url, OPS_PORT: '99999' }).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('exited with code 2 before becoming healthy');
    expect((failure as Error).message).toContain('OPS_PORT="99999" is invalid: expected a TCP port number from 0 to 65535');
  });

  it('on SIGTERM drains NATS and exits 0; it answers again after a restart', async () => {
    const service = system.service('prem-manager');
    const inFlight = pingService(nc, 'prem-manager');
    await nc.flush(); // the request has reached nats-server before the signal is sent
    const code = await service.stop();
    expect(code).toBe(0);
    expect(service.log()).toMatch(/SIGTERM: draining NATS and closing[\s\S]*stopped cleanly/);
    expect(await inFlight).toMatchObject({ ok: true }); // the request sent just before SIGTERM was still answered
    await expect(natsRequest(nc, 'ferry.cmd.prem-manager.ping', ferry.common.v1.Ping.create({}), { timeoutMs: 1000 })).rejects.toThrow(UnavailableError);
    await service.restart();
    expect(await pingService(nc, 'prem-manager')).toMatchObject({ ok: true });
  });

  it('reports NOT_SERVING while NATS is down and SERVING again after it returns', async () => {
    const opsPort = system.service('guest-prep').opsPort;
    await system.nats.kill9();
    expect(await eventually(() => healthStatus(opsPort), 'NOT_SERVING')).toBe('NOT_SERVING');
    await system.nats.restart();
    expect(await eventually(() => healthStatus(opsPort), 'SERVING')).toBe('SERVING');
    expect(await eventually(async () => (await pingService(nc, 'guest-prep')).ok, true)).toBe(true);
  });
});
