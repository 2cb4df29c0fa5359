import { randomBytes } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { grpcClient } from '@ferry/service-kit';
import { makeSourceRaw, makeTempDir, qemuCompare, startNats, startService, type NatsHandle, type ServiceHandle, type SourceRegion } from '@ferry/testing';
import type { Client } from '@grpc/grpc-js';
import type { DiskToCopy } from '../orchestration';
import { ShipperDiskCopy } from './shipper-disk-copy';
import { GrpcTransferControl } from './grpc-transfer-control';

jest.setTimeout(300_000);
const MiB = 1 << 20;
const CHUNK = MiB; // the appliance starts transfers without a chunk size: prem-manager's default

/** Data runs with a hole every third 4 MiB, so a full copy both sends and skips chunks. */
function regions(size: number): SourceRegion[] {
  const out: SourceRegion[] = [];
  for (let offset = 0, i = 0; offset < size; offset += 4 * MiB, i++) if (i % 3 !== 2) out.push({ offset: offset + 4096 * i, length: 3 * MiB - 12_345, kind: i % 2 === 0 ? 'random' : 'text' });
  return out;
}

/** Bytes of the random (incompressible) data: the least a copy that sent all of it put on the wire. */
function randomDataBytes(list: SourceRegion[]): number {
  return list.filter((r) => r.kind === 'random').reduce((sum, r) => sum + r.length, 0);
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
  const controls: GrpcTransferControl[] = [];

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
    for (const transfers of controls) transfers.close();
    control?.close();
    await Promise.allSettled(started.map((s) => s.stop()));
    await nats?.stop();
    await cleanup?.();
  });

  async function copyDisk(name: string, size: number, duringCopy?: (checkpoints: number) => Promise<void>, sync?: DiskToCopy['sync']) {
    const source = join(dir, 'source', `${name}.raw`);
    const target = join(dir, 'target', `${name}.raw`);
    const layout = regions(size);
    if (sync === undefined) await makeSourceRaw(source, size, layout);
    // Followed as the appliance follows it: pushed on WatchTransfers every COPY_POLL_MS.
    const transfers = new GrpcTransferControl(control, { watchMs: 50 });
    controls.push(transfers);
    const adapter = new ShipperDiskCopy(transfers, { ...endpoints, locate: () => ({ sourceLocator: `file:${source}`, targetPath: target }), pollMs: 50, checkpointMs: 100 });
    const disk: DiskToCopy = { diskKey: 'disk-0', datastorePath: `[ds] ${name}.vmdk`, capacityBytes: size, resumeOffset: 0, targetDatastore: 'ds', maxBytesPerSecond: 16 * MiB, ...(sync ? { sync } : {}) };
    const checkpoints: Array<{ offset: number; bytesCopied: number }> = [];
    let hook = Promise.resolve();
    const result = await adapter.copy(`mig-${name}`, disk, async (offset, bytesCopied) => {
      checkpoints.push({ offset, bytesCopied });
      if (duringCopy !== undefined && checkpoints.length === 3) hook = duringCopy(checkpoints.length);
      await Promise.resolve();
    });
    await hook;
    expect(await qemuCompare(source, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    return { result, checkpoints, dataBytes: dataChunkBytes(layout), randomBytes: randomDataBytes(layout), source };
  }

  /** Checkpoints taken while the copy ran: each counts verified bytes, none goes back. */
  function expectHonestCheckpoints(checkpoints: Array<{ offset: number; bytesCopied: number }>, dataBytes: number): void {
    const during = checkpoints.slice(0, -1);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.every((c) => c.bytesCopied > 0 && c.bytesCopied <= dataBytes)).toBe(true);
    expect(checkpoints.map((c) => c.bytesCopied)).toEqual([...checkpoints.map((c) => c.bytesCopied)].sort((a, b) => a - b));
    expect(checkpoints.map((c) => c.offset)).toEqual([...checkpoints.map((c) => c.offset)].sort((a, b) => a - b));
  }

  it('checkpoints report the bytes verified on the target so far, growing during the copy; the record counts data, zeros, source and wire bytes, generation and mode', async () => {
    const size = 64 * MiB;
    const { result, checkpoints, dataBytes, randomBytes: incompressible } = await copyDisk('progress', size);
    expectHonestCheckpoints(checkpoints, dataBytes);
    expect(checkpoints.at(-1)).toEqual({ offset: size, bytesCopied: dataBytes });
    expect(result).toMatchObject({ bytesCopied: dataBytes, bytesSkippedZero: size - dataBytes, bytesUnchanged: 0, sourceBytes: dataBytes, generation: 1, mode: 'full' });
    expect(result.wireBytes).toBeGreaterThanOrEqual(incompressible);
    expect(result.wireBytes).toBeLessThan(dataBytes + 64 * 1024); // text compresses; framing is 96 bytes a chunk
  });

  it('a delta after the full copy names its mode and generation and counts only the changed chunks', async () => {
    const size = 32 * MiB;
    await copyDisk('delta', size);
    // Chunk 2 (data) gets new data; chunk 9 (in a hole of the first copy) gets data for the first time.
    const changed = [2, 9];
    const source = join(dir, 'source', 'delta.raw');
    const file = await open(source, 'r+');
    for (const chunk of changed) await file.write(randomBytes(CHUNK), 0, CHUNK, chunk * CHUNK);
    await file.close();
    const { result, checkpoints } = await copyDisk('delta', size, undefined, { generation: 2, sourceLocator: `file:${source}`, mode: 'changed', changedChunks: changed, rehashSource: false });
    process.stdout.write(`delta generation 2: ${JSON.stringify(result)}, ${checkpoints.length} checkpoints\n`);
    expect(result).toMatchObject({ generation: 2, mode: 'changed', bytesCopied: 2 * CHUNK, bytesSkippedZero: 0, bytesUnchanged: size - 2 * CHUNK, sourceBytes: 2 * CHUNK });
    expect(result.wireBytes).toBeGreaterThanOrEqual(2 * CHUNK);
    expect(result.wireBytes).toBeLessThan(2 * CHUNK + 4096);
  });

  it('kill -9 of prem-manager mid-copy: checkpoints keep counting verified bytes and the record counts the whole copy, not the part since the restart', async () => {
    const size = 96 * MiB;
    const { result, checkpoints, dataBytes, randomBytes: incompressible } = await copyDisk('killed', size, async () => {
      await prem.kill9();
      await prem.restart();
    });
    const beforeKill = checkpoints[2]?.bytesCopied ?? 0;
    process.stdout.write(`kill -9 prem-manager at ${beforeKill} bytes verified; completed with ${result.bytesCopied} of ${dataBytes} data bytes, ${result.bytesSkippedZero} zero bytes, ${result.sourceBytes} read at the source, ${result.wireBytes} on the wire\n`);
    expect(beforeKill).toBeGreaterThan(0);
    // The counts carry on from prem-manager's logs after the restart: they never fall back.
    expectHonestCheckpoints(checkpoints, dataBytes);
    expect(result).toMatchObject({ bytesCopied: dataBytes, bytesSkippedZero: size - dataBytes, bytesUnchanged: 0, generation: 1, mode: 'full' });
    expect(result.bytesCopied + result.bytesSkippedZero).toBe(size);
    // Source and wire bytes count every session: at least the whole disk's data (resends on top).
    expect(result.sourceBytes).toBeGreaterThanOrEqual(dataBytes);
    expect(result.wireBytes).toBeGreaterThanOrEqual(incompressible);
  });
});
