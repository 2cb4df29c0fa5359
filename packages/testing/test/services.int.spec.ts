import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFlagsOf } from '@ferry/service-kit';
import { freePort, healthStatus, startNats, startService, type NatsHandle } from '../src';

jest.setTimeout(60_000);

describe('startService (a built service on loopback ports)', () => {
  let nats: NatsHandle;
  let dir: string;
  let squatter: Server;

  beforeAll(async () => {
    nats = await startNats();
    dir = await mkdtemp(join(tmpdir(), 'ferry-start-service-'));
    // Hangs up at once: startService's health probe of the taken port must not keep a connection open here.
    squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => squatter?.close(resolve));
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts again on new ports when a port it picked was taken before the service could bind it', async () => {
    const taken = (squatter.address() as { port: number }).port;
    let handedOut = 0;
    // The first port handed out is one another process already holds, as when a port is lost between pick and bind.
    const pickPort = async (): Promise<number> => (handedOut++ === 0 ? taken : freePort());
    const service = await startService('prem-esxi-manager', { NATS_URL: nats.url, CA_DIR: join(dir, 'ca'), SOURCE_ROOTS: dir }, { pickPort });
    try {
      expect(service.log()).toContain('EADDRINUSE');
      expect(Object.values(service.ports)).not.toContain(taken);
      expect(await healthStatus(service.opsPort)).toBe('SERVING');
    } finally {
      await service.stop();
    }
  });

  it('runs the service with the node flags the chart gives it, followed by the caller\'s NODE_OPTIONS', async () => {
    expect(nodeFlagsOf('prem-esxi-manager')).toEqual(['--max-semi-space-size=4']);
    const service = await startService('prem-esxi-manager', { NATS_URL: nats.url, CA_DIR: join(dir, 'ca'), SOURCE_ROOTS: dir, NODE_OPTIONS: '--max-old-space-size=200' });
    try {
      const environ = (await readFile(`/proc/${service.pid}/environ`, 'utf8')).split('\0');
      expect(environ).toContain('NODE_OPTIONS=--max-semi-space-size=4 --max-old-space-size=200');
    } finally {
      await service.stop();
    }
  });
});
