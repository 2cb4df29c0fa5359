import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client, ClientReadableStream } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { makeTempDir, qemuConvertToRaw, startNats, startService, startVcsim, type NatsHandle, type ServiceHandle, type VcsimInstance } from '@ferry/testing';
import { VsphereClient } from '@ferry/vsphere';
import { leasesOnceEnded, makeVmWithDisks, setVcsimOption } from '../../../packages/vsphere/test/nfc-vm';

jest.setTimeout(180_000);
const KiB = 1024;
const MiB = 1 << 20;
const CHUNK = 256 * KiB;

/** The BlockSource methods this test calls (the generic grpc-js client has them by proto name). */
interface BlockSourceClient extends Client {
  ReadChunks(request: ferry.dataplane.v1.IReadChunksRequest): ClientReadableStream<ferry.dataplane.v1.SourceChunk>;
}

describe('nfc-vm:<moref>/<disk> through the prem-esxi-manager service, exporting from vcsim', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let vc: VcsimInstance;
  let client: VsphereClient;
  let nats: NatsHandle;
  let esxi: ServiceHandle;
  let blocks: BlockSourceClient;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-nfc-vm-'));
    vc = await startVcsim();
    client = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
    // A short lease timeout: reads only succeed if the service keeps its lease alive.
    await setVcsimOption(client, 'vcsim.nfc.leaseTimeout', '3');
    nats = await startNats();
    const caDir = join(dir, 'site-ca');
    esxi = await startService('prem-esxi-manager', {
      NATS_URL: nats.url, CA_DIR: caDir, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: dir,
      VCENTER_URL: vc.sdkUrl, VCENTER_USER: vc.username, VCENTER_PASSWORD: vc.password, VCENTER_THUMBPRINT: vc.thumbprint,
    });
    blocks = grpcClient<BlockSourceClient>('ferry.dataplane.v1.BlockSource', `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'test-reader')) });
  });
  afterAll(async () => {
    blocks?.close();
    await esxi?.stop();
    await nats?.stop();
    await client?.logout();
    await vc?.stop();
    await cleanup?.();
  });

  it('serves both disks of a VM with content equal to qemu-img convert -O raw of each, then completes the lease', async () => {
    const sizes = [9 * MiB + 3 * 4096 + 512, 5 * MiB + 512];
    const { vm, disks } = await makeVmWithDisks(client, vc, dir, 'two-disks', [
      { size: sizes[0]!, regions: [{ offset: 0, length: 2 * MiB + 777, kind: 'random' }, { offset: 6 * MiB, length: 3 * MiB + 12_288, kind: 'random' }] },
      { size: sizes[1]!, regions: [{ offset: MiB + 4096, length: MiB, kind: 'text' }, { offset: 4 * MiB, length: MiB + 512, kind: 'random' }] },
    ]);
    // 4 s between Describe and the reads: longer than the 3 s lease timeout, shorter than the
    // source's idle give-back, so the reads work only if the service kept the lease alive.
    const read = await Promise.all([0, 1].map((i) => readWholeDisk(blocks, `nfc-vm:${vm.value}/${i}`, 4_000)));
    for (const [i, { vmdk }] of disks.entries()) {
      const expected = await readFile(await qemuConvertToRaw(vmdk, join(dir, `expected-${i}.raw`)));
      expect(read[i]!.virtualSize).toBe(expected.length);
      expect(read[i]!.data.equals(expected)).toBe(true);
    }
    const leases = await leasesOnceEnded(vc, vm);
    expect(leases).toHaveLength(1); // the two disks shared the VM's one lease
    expect(leases[0]).toMatchObject({ state: 'done', progress: 100 });
  });

  it('a disk index the VM does not have is refused naming the VM and its disk count', async () => {
    const { vm } = await makeVmWithDisks(client, vc, dir, 'one-disk', [{ size: MiB, regions: [] }]);
    await expect(readWholeDisk(blocks, `nfc-vm:${vm.value}/3`)).rejects.toThrow(new RegExp(`VM "one-disk" exports 1 disk\\(s\\)`));
    expect((await leasesOnceEnded(vc, vm)).map((l) => l.state)).toEqual(['error']);
  });

  it('a truncated export stream fails the read naming the disk and the fault, and the lease is aborted', async () => {
    const { vm } = await makeVmWithDisks(client, vc, dir, 'cut-short', [{ size: 6 * MiB + 512, regions: [{ offset: 0, length: 6 * MiB, kind: 'random' }] }]);
    await setVcsimOption(client, `vcsim.nfc.truncateStreamAt.${vm.value}`, String(3 * MiB));
    const failure = await readWholeDisk(blocks, `nfc-vm:${vm.value}/0`).then(() => undefined, (error: unknown) => error as Error);
    expect(failure?.message).toMatch(new RegExp(`disk-0\\.vmdk of VM "cut-short" \\(${vm.value}\\)\\): vmdk streamOptimized stream .*the stream ended inside the grain; the export was cut short`));
    const leases = await leasesOnceEnded(vc, vm);
    expect(leases.map((l) => l.state)).toEqual(leases.map(() => 'error'));
    expect(leases[0]!.error).toMatch(/aborted/);
  });
});

/** Describe then ReadChunks of every chunk, as the shipper does, assembled into one buffer. */
async function readWholeDisk(blocks: BlockSourceClient, locator: string, pauseMs = 0): Promise<{ virtualSize: number; data: Buffer }> {
  const description = await unaryCall<ferry.dataplane.v1.IDescribeRequest, ferry.dataplane.v1.DiskDescription>(blocks, 'Describe', { disk: { locator } });
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
  const virtualSize = Number(description.virtualSize);
  const data = Buffer.alloc(virtualSize);
  const last = Math.ceil(virtualSize / CHUNK) - 1;
  const stream = blocks.ReadChunks({ disk: { locator }, chunkSize: CHUNK, ranges: [{ first: 0, last }] });
  for await (const chunk of stream as AsyncIterable<ferry.dataplane.v1.SourceChunk>) {
    if (!chunk.zero) Buffer.from(chunk.data).copy(data, Number(chunk.offset));
  }
  return { virtualSize, data };
}

