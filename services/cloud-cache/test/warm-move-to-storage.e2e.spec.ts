/**
 * Move to storage with every service a real process and our vcsim as the cloud vCenter: a volume
 * made by NATS command from a prem VMDK (ExposeDisk), a guest write over iSCSI with CHAP, a move
 * refused while the LUN is not hydrated (naming the chunks present), hydration by StartTransfer, a
 * move refused for a datastore the vCenter has not, then ferry.cmd.cloud-cache.move-volume: the disk
 * vcsim stores equals (source + the same write made locally), and no chunk was written meanwhile.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageType, type NatsConnection } from 'nats';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { IllegalStateError, NotFoundError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { grpcClient, natsRequest, unaryCall } from '@ferry/service-kit';
import { makeImage, makeSourceRaw, makeTempDir, qemuCompare, startNats, startService, startVcsim, vcenterEnv, type NatsHandle, type ServiceHandle, type VcsimInstance } from '@ferry/testing';
import { readProperty, str, VsphereClient } from '@ferry/vsphere';
import { localDiskPath } from '../../../packages/vsphere/test/nfc-import-helpers';
import { run } from './support/tools';

const MiB = 1 << 20;
const SIZE = 24 * MiB;
const IQN = 'iqn.2026-12.io.ferry:vm-move';
const MIGRATION = 'm-warm-move';
const CHAP = { user: 'ferry-cloud-host', secret: 'move-secret-01' };
const VM = 'vm-move-moved';
const pb = ferry.dataplane.v1;

describe('move-volume: a hydrated cache volume becomes a VM disk on the cloud vCenter', () => {
  let cleanup: () => Promise<void> = async () => undefined;
  let dir: string;
  let nats: NatsHandle;
  let nc: NatsConnection;
  let vc: VcsimInstance;
  const services: ServiceHandle[] = [];
  let control: Client;
  let raw: string;
  let vmdk: string;
  let esxi: ServiceHandle;
  let cloud: ServiceHandle;
  let cache: ServiceHandle;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-move-e2e-'));
    const caDir = join(dir, 'site-ca');
    const sourceDir = join(dir, 'source');
    await mkdir(sourceDir);
    raw = join(dir, 'source.raw');
    await makeSourceRaw(raw, SIZE);
    vmdk = await makeImage(raw, 'vmdk-monolithicSparse', join(sourceDir, 'disk.vmdk'));
    [nats, vc] = await Promise.all([startNats(), startVcsim({ model: { vmsPerPool: 0 } })]);
    nc = await nats.connect('appliance'); // the appliance's identity may create FERRY_EVENTS and append migration events
    await (await nc.jetstreamManager()).streams.add({ name: 'FERRY_EVENTS', subjects: ['ferry.evt.>'], storage: StorageType.File });
    await nc.jetstream().publish(`ferry.evt.migration.${MIGRATION}`, new TextEncoder().encode('MigrationPlanned'));
    const common = { NATS_URL: nats.url, CA_DIR: caDir };
    const start = async (name: Parameters<typeof startService>[0], env: Record<string, string>): Promise<ServiceHandle> => {
      const handle = await startService(name, { ...common, ...env });
      services.push(handle);
      return handle;
    };
    cache = await start('cloud-cache', {
      CACHE_DIR: join(dir, 'cache'), ISCSI_HOST: '127.0.0.1', FROM_CLOUD_MANAGER_HOST: '127.0.0.1', MOVE_TEMP_DIR: join(dir, 'staging'), ...vcenterEnv('CLOUD', vc),
    });
    esxi = await start('prem-esxi-manager', { BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceDir });
    cloud = await start('cloud-manager', { INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: join(dir, 'targets'), STATE_DIR: join(dir, 'cloud-state'), CACHE_ENDPOINT: `127.0.0.1:${cache.ports.FROM_CLOUD_MANAGER_PORT}` });
    const prem = await start('prem-manager', { CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') });
    control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'test-operator')) });
  }, 120_000);

  afterAll(async () => {
    control?.close();
    await nc?.close();
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    await vc?.stop();
    await nats?.stop();
    await cleanup();
  });

  const iscsi = (): string => `iscsi://${CHAP.user}%${CHAP.secret}@127.0.0.1:${cache.ports.ISCSI_PORT}/${IQN}/0`;
  const command = <T>(name: string, message: unknown, timeoutMs = 15_000): Promise<T> => natsRequest<T>(nc, `ferry.cmd.cloud-cache.${name}`, message, { timeoutMs });
  const move = (over: Partial<ferry.cache.v1.IMoveVolumeRequest> = {}): Promise<ferry.cache.v1.VolumeMoved> =>
    command('move-volume', ferry.cache.v1.MoveVolumeRequest.create({ iqn: IQN, lun: 0, vmName: VM, datastore: vc.datastores[0]!.name, requestId: 'move-1', ...over }), 120_000);
  const refusal = (over: Partial<ferry.cache.v1.IMoveVolumeRequest>): Promise<Error> => move(over).then(() => new Error('expected a refusal'), (e: unknown) => e as Error);

  it('refuses before hydration, then stores the hydrated volume with the guest write as a VM disk', async () => {
    const source = { migrationId: MIGRATION, diskId: 'disk-0', sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, sourceLocator: `file:${vmdk}` };
    const exposed = await unaryCall<ferry.dataplane.v1.IExposeDiskRequest, ferry.dataplane.v1.ExposedDisk>(control, 'ExposeDisk', {
      ...source, targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_ALT_PORT}`,
    });
    expect(Number(exposed.virtualSize)).toBe(SIZE);
    await command('create-volume', ferry.cache.v1.CreateVolumeRequest.create({
      iqn: IQN, luns: [{ lun: 0, virtualSize: SIZE, chunkSize: MiB, migrationId: MIGRATION, diskId: 'disk-0' }], chap: CHAP, requestId: 'create-1',
    }));
    const expected = join(dir, 'expected.raw');
    await copyFile(raw, expected);
    for (const target of [iscsi(), expected]) expect((await run('qemu-io', ['-f', 'raw', '-c', 'write -P 0x77 7M 4k', target])).code).toBe(0);

    // Not hydrated: refused, naming how many chunks are present (the written one, fetched on demand).
    const present = Number((await command<ferry.cache.v1.Volume>('describe-volume', ferry.cache.v1.DescribeVolumeRequest.create({ iqn: IQN }))).luns[0]?.presentChunks);
    expect(present).toBeGreaterThan(0);
    expect(present).toBeLessThan(SIZE / MiB);
    const early = await refusal({});
    expect(early).toBeInstanceOf(IllegalStateError);
    expect(early.message).toContain(`LUN 0 of volume ${IQN} is not hydrated: ${present} of ${SIZE / MiB} chunks present; hydrate it first`);

    const request = { migrationId: MIGRATION, diskId: 'disk-0', generation: 1 };
    await unaryCall(control, 'StartTransfer', {
      ...source, generation: 1, targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}`, targetPath: `${IQN}/0`, targetFormat: 'cache', mode: pb.TransferMode.TRANSFER_MODE_FULL,
    });
    let status: ferry.dataplane.v1.TransferStatus | undefined;
    for (let i = 0; i < 600; i++) {
      status = await unaryCall<ferry.dataplane.v1.IGetTransferRequest, ferry.dataplane.v1.TransferStatus>(control, 'GetTransfer', request);
      if (status.state !== pb.TransferState.TRANSFER_STATE_RUNNING) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status?.error).toBe('');
    expect(status?.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);

    // A datastore the cloud vCenter has not: refused before anything is packed, naming those it has.
    const unknown = await refusal({ datastore: 'no-such-ds', requestId: 'move-0' });
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown.message).toContain(`datastore "no-such-ds" is not in datacenter DC0 of the cloud vCenter ${vc.sdkUrl}`);
    expect(unknown.message).toContain(`its datastores are ${vc.datastores.map((d) => d.name).join(', ')}`);

    const moved = await move();
    expect(moved).toMatchObject({ iqn: IQN, lun: 0, diskPath: `[${vc.datastores[0]!.name}] ${VM}/${VM}.vmdk` });
    expect(Number(moved.bytes)).toBe(SIZE);
    expect(Number(moved.chunksWrittenDuringMove)).toBe(0);
    expect(moved.seconds).toBeGreaterThan(0);
    const stored = localDiskPath(vc, moved.diskPath);
    expect(await qemuCompare(expected, stored, { a: 'raw', b: 'vmdk' })).toMatchObject({ identical: true });
    expect(await qemuCompare(raw, stored, { a: 'raw', b: 'vmdk' })).toMatchObject({ identical: false }); // the write is in it
    expect(await readdir(join(dir, 'staging'))).toEqual([]);

    const client = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
    try {
      expect(str(await readProperty(client, { type: 'VirtualMachine', value: moved.vm }, 'name'))).toBe(VM);
    } finally {
      await client.logout();
    }
    // One log line for the move, with the disk path; the vCenter password appears nowhere.
    expect(cache.log()).toMatch(new RegExp(`moved volume ${IQN} LUN 0 to VM "${VM}": \\[${vc.datastores[0]!.name}\\] ${VM}/${VM}\\.vmdk \\(${moved.vm}, pool /DC0/host/DC0_C0/Resources\\), ${SIZE} bytes in \\d+\\.\\d s`));
    expect(cache.log()).not.toContain(vc.password);
  }, 240_000);
});
