/**
 * The warm data path with every service a real process: a cache volume created by NATS command
 * (ferry.cmd.cloud-cache.create-volume) for a migration in FERRY_EVENTS, whose LUN is a prem VMDK
 * exposed with ExposeDisk. Read over iSCSI with CHAP it equals the source with every byte fetched on
 * demand through cloud-manager and prem-manager; a guest write, then hydration by StartTransfer, and
 * the volume equals (source + write); the written chunk is listed by the written-chunks command.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, StorageType, type NatsConnection } from 'nats';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, natsRequest, unaryCall } from '@ferry/service-kit';
import { makeImage, makeSourceRaw, makeTempDir, qemuCompare, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';
import { run } from './support/tools';

const MiB = 1 << 20;
const SIZE = 24 * MiB;
const IQN = 'iqn.2026-12.io.ferry:vm-by-command';
const MIGRATION = 'm-warm-command';
const USER = 'ferry-cloud-host';
const SECRET = 'warm-secret-01';
const pb = ferry.dataplane.v1;

describe('a cache volume made by command, fed from prem by the real services', () => {
  let cleanup: () => Promise<void> = async () => undefined;
  let dir: string;
  let nats: NatsHandle;
  let nc: NatsConnection;
  const services: ServiceHandle[] = [];
  let control: Client;
  let raw: string;
  let vmdk: string;
  let esxi: ServiceHandle;
  let cloud: ServiceHandle;
  let cache: ServiceHandle;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-warm-e2e-'));
    const caDir = join(dir, 'site-ca');
    const sourceDir = join(dir, 'source');
    await mkdir(sourceDir);
    raw = join(dir, 'source.raw');
    await makeSourceRaw(raw, SIZE);
    vmdk = await makeImage(raw, 'vmdk-monolithicSparse', join(sourceDir, 'disk.vmdk'));
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'FERRY_EVENTS', subjects: ['ferry.evt.>'], storage: StorageType.File });
    await nc.jetstream().publish(`ferry.evt.migration.${MIGRATION}`, new TextEncoder().encode('MigrationPlanned'));
    const common = { NATS_URL: nats.url, CA_DIR: caDir };
    const start = async (name: Parameters<typeof startService>[0], env: Record<string, string>): Promise<ServiceHandle> => {
      const handle = await startService(name, { ...common, ...env });
      services.push(handle);
      return handle;
    };
    cache = await start('cloud-cache', { CACHE_DIR: join(dir, 'cache'), ISCSI_HOST: '127.0.0.1', FROM_CLOUD_MANAGER_HOST: '127.0.0.1' });
    esxi = await start('prem-esxi-manager', { BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceDir });
    cloud = await start('cloud-manager', { INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: join(dir, 'targets'), STATE_DIR: join(dir, 'cloud-state'), CACHE_ENDPOINT: `127.0.0.1:${cache.ports.FROM_CLOUD_MANAGER_PORT}` });
    const prem = await start('prem-manager', { CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') });
    control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'test-operator')) });
  }, 120_000);

  afterAll(async () => {
    control?.close();
    await nc?.close();
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    await nats?.stop();
    await cleanup();
  });

  const url = `iscsi://${USER}%${SECRET}@127.0.0.1:PORT/${IQN}/0`;
  const iscsi = (): string => url.replace('PORT', String(cache.ports.ISCSI_PORT));
  const command = <T>(name: string, message: unknown): Promise<T> => natsRequest<T>(nc, `ferry.cmd.cloud-cache.${name}`, message, { timeoutMs: 15_000 });

  it('serves the prem disk on demand, keeps a write, hydrates, and equals source + write', async () => {
    const exposed = await unaryCall<ferry.dataplane.v1.IExposeDiskRequest, ferry.dataplane.v1.ExposedDisk>(control, 'ExposeDisk', {
      migrationId: MIGRATION, diskId: 'disk-0', sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, sourceLocator: `file:${vmdk}`,
      targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_ALT_PORT}`,
    });
    expect(Number(exposed.virtualSize)).toBe(SIZE);
    await command('create-volume', ferry.cache.v1.CreateVolumeRequest.create({
      iqn: IQN, luns: [{ lun: 0, virtualSize: SIZE, chunkSize: MiB, migrationId: MIGRATION, diskId: 'disk-0' }], chap: { user: USER, secret: SECRET }, requestId: 'create-1',
    }));
    // On demand only: nothing hydrates a command-made volume until StartTransfer does.
    const demand = join(dir, 'demand.raw');
    const read = await run('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', iscsi(), demand]);
    expect(read.stderr).toBe('');
    expect((await qemuCompare(raw, demand, { a: 'raw', b: 'raw' })).output).toContain('identical');

    const expected = join(dir, 'expected.raw');
    await copyFile(raw, expected);
    for (const target of [iscsi(), expected]) expect((await run('qemu-io', ['-f', 'raw', '-c', 'write -P 0x77 7M 4k', target])).code).toBe(0);
    const written = await command<ferry.cache.v1.WrittenChunks>('written-chunks', ferry.cache.v1.WrittenChunksRequest.create({ iqn: IQN, lun: 0 }));
    expect(written.indexes).toEqual([7]);

    const request = { migrationId: MIGRATION, diskId: 'disk-0', generation: 1 };
    await unaryCall(control, 'StartTransfer', {
      ...request, sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, sourceLocator: `file:${vmdk}`, targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}`,
      targetPath: `${IQN}/0`, targetFormat: 'cache', mode: pb.TransferMode.TRANSFER_MODE_FULL,
    });
    let status: ferry.dataplane.v1.TransferStatus | undefined;
    for (let i = 0; i < 600; i++) {
      status = await unaryCall<ferry.dataplane.v1.IGetTransferRequest, ferry.dataplane.v1.TransferStatus>(control, 'GetTransfer', request);
      if (status.state !== pb.TransferState.TRANSFER_STATE_RUNNING) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status?.error).toBe('');
    expect(status?.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);
    const volume = await command<ferry.cache.v1.Volume>('describe-volume', ferry.cache.v1.DescribeVolumeRequest.create({ iqn: IQN }));
    expect(Number(volume.luns[0]?.presentChunks)).toBe(SIZE / MiB);
    expect(Number(volume.luns[0]?.totalChunks)).toBe(SIZE / MiB);
    const hydrated = join(dir, 'hydrated.raw');
    expect((await run('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', iscsi(), hydrated])).code).toBe(0);
    expect((await qemuCompare(expected, hydrated, { a: 'raw', b: 'raw' })).output).toContain('identical');
  }, 180_000);
});
