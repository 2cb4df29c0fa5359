import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { LINK_PROFILES, startNats, startTwoSites, type NatsHandle, type ServiceHandle, type TwoSites } from '../src';

// Needs root (ip netns, tc) and the builds of @ferry/testing and the four services.
jest.setTimeout(120_000);
const run = promisify(execFile);
const pb = ferry.dataplane.v1;

describe('the services in their sites', () => {
  let dir: string;
  let nats: NatsHandle;
  let sites: TwoSites;
  const services: ServiceHandle[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-two-sites-'));
    nats = await startNats();
    sites = await startTwoSites(LINK_PROFILES.metro);
  });

  afterAll(async () => {
    for (const service of services.reverse()) await service.stop();
    await sites?.stop();
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('run in the namespaces the product puts them in, and a transfer crosses the link to an identical target', async () => {
    const caDir = join(dir, 'site-ca');
    await Promise.all(['source', 'target'].map((d) => mkdir(join(dir, d))));
    const source = join(dir, 'source', 'disk.raw');
    await writeFile(source, Buffer.concat([randomBytes(6 << 20), Buffer.alloc(4 << 20), randomBytes(6 << 20)]));
    const common = { NATS_URL: nats.url, CA_DIR: caDir, LOG_LEVEL: 'warn' };
    const esxi = await sites.prem.startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: join(dir, 'source') });
    services.push(esxi);
    const premManager = await sites.prem.startService('prem-manager', { ...common, DATA_DIR: join(dir, 'prem-data') });
    services.push(premManager);
    const cloudManager = await sites.cloud.startService('cloud-manager', { ...common, INTERCONNECT_HOST: '0.0.0.0', TARGET_ROOT: join(dir, 'target'), STATE_DIR: join(dir, 'cloud-state') });
    services.push(cloudManager);
    const cache = await sites.cloud.startService('cloud-cache', { ...common, CACHE_DIR: join(dir, 'cache') });
    services.push(cache);
    const where = async (service: ServiceHandle) => (await run('ip', ['netns', 'identify', String(service.pid)])).stdout.trim();
    expect(await Promise.all([esxi, premManager].map(where))).toEqual([sites.prem.netns, sites.prem.netns]);
    expect(await Promise.all([cloudManager, cache].map(where))).toEqual([sites.cloud.netns, sites.cloud.netns]);

    // prem-manager dials cloud-manager by name; in the prem site that name is the relay's address.
    const interconnect = cloudManager.ports.INTERCONNECT_PORT!;
    await sites.openPort('prem', interconnect);
    const control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${premManager.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'two-sites-test')) });
    try {
      const id = { migrationId: 'two-sites', diskId: 'disk-0', generation: 1 };
      const target = join(dir, 'target', 'disk.raw');
      await unaryCall(control, 'StartTransfer', {
        ...id, sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, sourceLocator: `file:${source}`,
        targetEndpoint: `cloud-manager:${interconnect}`, targetPath: target, mode: pb.TransferMode.TRANSFER_MODE_FULL,
      });
      let status: ferry.dataplane.v1.TransferStatus;
      do {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await unaryCall<unknown, ferry.dataplane.v1.TransferStatus>(control, 'GetTransfer', id);
      } while (status.state === pb.TransferState.TRANSFER_STATE_RUNNING);
      expect(status.error).toBe('');
      expect(status.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);
      await run('qemu-img', ['compare', '-q', '-f', 'raw', source, '-F', 'raw', target]);
      // The chunks went through the relay: it carried at least the 12 MiB of data (compressed random data does not shrink).
      expect((await sites.relayStats()).bytes.toCloud).toBeGreaterThan(12 << 20);
    } finally {
      control.close();
    }
  });
});
