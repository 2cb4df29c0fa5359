import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { createVmdkWriter, DiskFormatError } from '@ferry/disk-formats';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { makeSourceRaw, makeTempDir, qemuCompare, qemuImg, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';
import { NfcExportSource } from '@ferry/block-source';
import { startExportHost, type ExportHost } from './nfc-export-server';

jest.setTimeout(120_000);
const MiB = 1 << 20;
const SIZE = 24 * MiB;
const CHUNK = 256 * 1024;
const pb = ferry.dataplane.v1;

/** The three data-plane services as real processes on loopback, sharing one site CA. */
interface Plane {
  esxi: ServiceHandle;
  prem: ServiceHandle;
  control: Client;
  start(request: ferry.dataplane.v1.IStartTransferRequest): Promise<unknown>;
  wait(id: ferry.dataplane.v1.IGetTransferRequest): Promise<ferry.dataplane.v1.TransferStatus>;
}

describe('NFC export stream source (device URL serving a streamOptimized VMDK)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let nats: NatsHandle;
  let host: ExportHost;
  const services: ServiceHandle[] = [];
  let plane: Plane;
  let raw: string;
  const paths = { qemu: '/nfc/52a1-ticket/disk-0.vmdk', ours: '/nfc/52a2-ticket/disk-1.vmdk', cut: '/nfc/52a3-ticket/disk-2.vmdk', corrupt: '/nfc/52a4-ticket/disk-3.vmdk' };

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-nfc-'));
    const caDir = join(dir, 'site-ca');
    await mkdir(join(dir, 'target'));
    raw = join(dir, 'source.raw');
    await makeSourceRaw(raw, SIZE, [
      { offset: 0, length: 3 * MiB, kind: 'random' },
      { offset: 7 * MiB + 4096, length: 5 * MiB, kind: 'text' },
      { offset: 17 * MiB, length: 6 * MiB + 12_345, kind: 'random' },
    ]);
    const qemu = join(dir, 'qemu.vmdk');
    await qemuImg('convert', '-f', 'raw', '-O', 'vmdk', '-o', 'subformat=streamOptimized', raw, qemu);
    const ours = join(dir, 'ours.vmdk');
    const writer = await createVmdkWriter(ours, SIZE, { subformat: 'streamOptimized' });
    const bytes = await readFile(raw);
    for (let offset = 0; offset < SIZE; offset += MiB) await writer.write(offset, bytes.subarray(offset, offset + MiB));
    await writer.finish();
    const corrupt = join(dir, 'corrupt.vmdk');
    await writeFile(corrupt, await corruptFourthGrain(qemu));
    host = await startExportHost({ caDir, files: { [paths.qemu]: qemu, [paths.ours]: ours, [paths.cut]: qemu, [paths.corrupt]: corrupt } });

    nats = await startNats();
    const common = { NATS_URL: nats.url, CA_DIR: caDir };
    services.push(await startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: dir }));
    services.push(await startService('cloud-manager', { ...common, INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: join(dir, 'target'), STATE_DIR: join(dir, 'cloud-state'), CREDIT_WINDOW: '16', COMMIT_BATCH: '4' }));
    services.push(await startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') }));
    const [esxi, cloud, prem] = services as [ServiceHandle, ServiceHandle, ServiceHandle];
    const control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'test-operator')) });
    plane = {
      esxi, prem, control,
      start: (request) => unaryCall(control, 'StartTransfer', { sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}`, mode: pb.TransferMode.TRANSFER_MODE_FULL, chunkSize: CHUNK, ...request }),
      wait: (id) => waitForEnd(control, id),
    };
  });

  afterAll(async () => {
    plane?.control.close();
    await Promise.allSettled(services.map((s) => s.stop()));
    await nats?.stop();
    await host?.close();
    await cleanup?.();
  });

  it.each([['qemu-img', 'qemu'], ['our writer', 'ours']] as const)('a streamOptimized VMDK made by %s arrives identical to the source', async (_maker, key) => {
    const target = join(dir, 'target', `${key}.raw`);
    const id = { migrationId: `mig-nfc-${key}`, diskId: 'disk-0', generation: 1 };
    await plane.start({ ...id, sourceLocator: host.locator(paths[key]), targetPath: target });
    const status = await plane.wait(id);
    expect(status.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);
    expect(await qemuCompare(raw, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
  });

  it('a stream cut mid-way fails the read naming the URL and the disk', async () => {
    host.cutNext(paths.cut, 2 * MiB);
    const source = await NfcExportSource.open({ url: `https://127.0.0.1:${host.port}${paths.cut}`, disk: 'disk-2.vmdk' }, { thumbprint: host.thumbprint });
    try {
      await expect(readAll(source)).rejects.toThrow(new RegExp(`NFC export https://127\\.0\\.0\\.1:${host.port}${paths.cut} \\(disk disk-2\\.vmdk\\): the stream failed: aborted`));
    } finally {
      await source.close();
    }
  });

  it('a stream cut mid-way: the next session re-opens the export, skips forward and completes the copy', async () => {
    const target = join(dir, 'target', 'cut.raw');
    const id = { migrationId: 'mig-nfc-cut', diskId: 'disk-0', generation: 1 };
    host.cutNext(paths.cut, 6 * MiB);
    await plane.start({ ...id, sourceLocator: host.locator(paths.cut), targetPath: target });
    const status = await plane.wait(id);
    expect(status.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);
    expect(Number(status.sessions)).toBeGreaterThanOrEqual(2);
    expect(await qemuCompare(raw, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
  });

  it('a corrupt grain fails the transfer through the three services, naming the export, the disk and the grain', async () => {
    const id = { migrationId: 'mig-nfc-corrupt', diskId: 'disk-0', generation: 1 };
    await plane.start({ ...id, sourceLocator: host.locator(paths.corrupt), targetPath: join(dir, 'target', 'corrupt.raw') });
    const status = await plane.wait(id);
    expect(status.state).toBe(pb.TransferState.TRANSFER_STATE_FAILED);
    expect(status.error).toMatch(/DATA_LOSS: NFC export https:\/\/127\.0\.0\.1:\d+\/nfc\/52a4-ticket\/disk-3\.vmdk \(disk disk-3\.vmdk\): vmdk streamOptimized stream grain marker at byte \d+/);
  }, 60_000);

  it('a corrupt grain fails the read with a DiskFormatError naming the disk and the grain', async () => {
    const source = await NfcExportSource.open({ url: `https://127.0.0.1:${host.port}${paths.corrupt}`, disk: 'disk-3.vmdk' }, { thumbprint: host.thumbprint });
    try {
      const failure = await readAll(source).then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(DiskFormatError);
      expect((failure as Error).message).toMatch(/^NFC export https:\/\/127\.0\.0\.1:\d+\/nfc\/52a4-ticket\/disk-3\.vmdk \(disk disk-3\.vmdk\): vmdk streamOptimized stream grain marker at byte \d+/);
    } finally {
      await source.close();
    }
  });
});

/** Reads the whole disk in 1 MiB pieces, in order, as the block server does. */
async function readAll(source: NfcExportSource): Promise<void> {
  for (let offset = 0; offset < source.virtualSize; offset += MiB) await source.read(offset, Math.min(MiB, source.virtualSize - offset));
}

/** A copy of a streamOptimized VMDK whose fourth grain has a garbled zlib header. */
async function corruptFourthGrain(path: string): Promise<Buffer> {
  const bytes = await readFile(path);
  let at = Number(bytes.readBigUInt64LE(0x38)) * 512; // header field overHead: where markers start
  for (let grains = 0; at + 512 <= bytes.length; ) {
    const size = bytes.readUInt32LE(at + 8);
    if (size > 0 && ++grains === 4) {
      bytes.fill(0xff, at + 12, at + 16);
      return bytes;
    }
    // A grain takes its marker and data, rounded to sectors; a metadata marker its sector and `value` sectors.
    at += size > 0 ? Math.ceil((12 + size) / 512) * 512 : 512 + Number(bytes.readBigUInt64LE(at)) * 512;
  }
  throw new Error(`${path} has fewer than 4 grains; the test image layout changed`);
}

async function waitForEnd(control: Client, id: ferry.dataplane.v1.IGetTransferRequest): Promise<ferry.dataplane.v1.TransferStatus> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const status = await unaryCall<ferry.dataplane.v1.IGetTransferRequest, ferry.dataplane.v1.TransferStatus>(control, 'GetTransfer', id);
    if (status.state === pb.TransferState.TRANSFER_STATE_COMPLETED || status.state === pb.TransferState.TRANSFER_STATE_FAILED) return status;
    if (Date.now() > deadline) throw new Error(`transfer ${id.migrationId} still running: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
