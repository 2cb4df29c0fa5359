import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { grpcClient } from '@ferry/service-kit';
import { makeSourceRaw, makeTempDir, qemuCompare, startNats, startService, type NatsHandle, type ServiceHandle, type SourceRegion } from '@ferry/testing';
import type { Client } from '@grpc/grpc-js';
import type { DiskToCopy } from '../orchestration';
import { ShipperDiskCopy } from './shipper-disk-copy';

jest.setTimeout(300_000);
const MiB = 1 << 20;
const CHUNK = MiB; // the appliance starts transfers without a chunk size: prem-manager's default

/** Data runs with a hole every third 4 MiB, so a full copy both sends and skips chunks. */
function regions(size: number): SourceRegion[] {
  const out: SourceRegion[] = [];
  for (let offset = 0, i = 0; offset < size; offset += 4 * MiB, i++) if (i % 3 !== 2) out.push({ offset: offset + 4096 * i, length: 3 * MiB - 12_345, kind: i % 2 === 0 ? 'random' : 'text' });
  return out;
}

/** Bytes of the chunks holding data: what a first full copy sends. */
function dataChunkBytes(list: SourceRegion[]): number {
  const chunks = new Set<number>();
  for (const r of list) for (let c = Math.floor(r.offset / CHUNK); c <= Math.floor((r.offset + r.length - 1) / CHUNK); c++) chunks.add(c);
  return chunks.size * CHUNK;
}

describe('ShipperDiskCopy against a real prem-manager transfer', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let nats: NatsHandle;
  const started: ServiceHandle[] = [];
  let prem: ServiceHandle;
  let control: Client;
  let endpoints: { source: string; target: string };

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-shipper-copy-'));
    await Promise.all([mkdir(join(dir, 'source')), mkdir(join(dir, 'target'))]);
    nats = await startNats();
    const common = { NATS_URL: nats.url, CA_DIR: join(dir, 'site-ca') };
    const esxi = await startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: join(dir, 'source') });
    started.push(esxi);
    const cloud = await startService('cloud-manager', { ...common, INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: join(dir, 'target'), STATE_DIR: join(dir, 'cloud-state'), CREDIT_WINDOW: '16', COMMIT_BATCH: '4' });
    started.push(cloud);
    prem = await startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') });
    started.push(prem);
    control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(join(dir, 'site-ca'), 'test-appliance')) });
    endpoints = { source: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, target: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}` };
  });
  afterAll(async () => {
    control?.close();
    await Promise.allSettled(started.map((s) => s.stop()));
    await nats?.stop();
    await cleanup?.();
  });

  async function copyDisk(name: string, size: number, duringCopy?: (checkpoints: number) => Promise<void>) {
    const source = join(dir, 'source', `${name}.raw`);
    const target = join(dir, 'target', `${name}.raw`);
    const layout = regions(size);
    await makeSourceRaw(source, size, layout);
    const adapter = new ShipperDiskCopy(control, { ...endpoints, locate: () => ({ sourceLocator: `file:${source}`, targetPath: target }), pollMs: 50, checkpointMs: 100 });
    const disk: DiskToCopy = { diskKey: 'disk-0', datastorePath: `[ds] ${name}.vmdk`, capacityBytes: size, resumeOffset: 0, targetDatastore: 'ds', maxBytesPerSecond: 16 * MiB };
    const checkpoints: Array<{ offset: number; bytesCopied: number }> = [];
    let hook = Promise.resolve();
    const result = await adapter.copy(`mig-${name}`, disk, async (offset, bytesCopied) => {
      checkpoints.push({ offset, bytesCopied });
      if (duringCopy !== undefined && checkpoints.length === 3) hook = duringCopy(checkpoints.length);
      await Promise.resolve();
    });
    await hook;
    expect(await qemuCompare(source, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    return { result, checkpoints, dataBytes: dataChunkBytes(layout) };
  }

  it('checkpoints report the bytes of the chunks sent so far, growing during the copy, and the result the data bytes of the disk', async () => {
    const size = 64 * MiB;
    const { result, checkpoints, dataBytes } = await copyDisk('progress', size);
    const during = checkpoints.slice(0, -1);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.every((c) => c.bytesCopied > 0 && c.bytesCopied <= dataBytes && c.offset === c.bytesCopied)).toBe(true);
    expect(during.map((c) => c.bytesCopied)).toEqual([...during.map((c) => c.bytesCopied)].sort((a, b) => a - b));
    expect(checkpoints.at(-1)).toEqual({ offset: size, bytesCopied: dataBytes });
    expect(result).toMatchObject({ bytesCopied: dataBytes, bytesSkippedZero: size - dataBytes });
  });

  it('kill -9 of prem-manager mid-copy: the completed count is the disk data bytes, not the bytes since the restart', async () => {
    const size = 96 * MiB;
    const { result, checkpoints, dataBytes } = await copyDisk('killed', size, async () => {
      await prem.kill9();
      await prem.restart();
    });
    const beforeKill = checkpoints[2]?.bytesCopied ?? 0;
    process.stdout.write(`kill -9 prem-manager at ${beforeKill} bytes sent; completed with ${result.bytesCopied} of ${dataBytes} data bytes\n`);
    expect(beforeKill).toBeGreaterThan(0);
    // The count carries on from the sent log after the restart: it never falls back.
    expect(checkpoints.map((c) => c.bytesCopied)).toEqual([...checkpoints.map((c) => c.bytesCopied)].sort((a, b) => a - b));
    expect(result).toMatchObject({ bytesCopied: dataBytes, bytesSkippedZero: size - dataBytes });
  });
});
