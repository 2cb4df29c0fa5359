/**
 * The warm data path with every service a real process, for end-to-end tests: nats-server with a
 * FERRY_EVENTS stream, cloud-cache, prem-esxi-manager, cloud-manager and prem-manager sharing one site
 * CA on loopback. Volumes are made by NATS command, disks exposed and hydrated through prem-manager's
 * control RPC, as the appliance will do.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageType, type NatsConnection } from 'nats';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, natsRequest, unaryCall } from '@ferry/service-kit';
import { makeTempDir, startNats, startService, startVcsim, vcenterEnv, type NatsHandle, type ServiceHandle, type VcsimInstance } from '@ferry/testing';
import { startIntakeStandIn } from './intake-stand-in';

const pb = ferry.dataplane.v1;
export const WARM_CHAP = { user: 'ferry-cloud-host', secret: 'warm-secret-01' };

export interface WarmSite {
  dir: string;
  /** prem-esxi-manager's source root: put source disks here. */
  sourceDir: string;
  cache: ServiceHandle;
  cloud: ServiceHandle;
  prem: ServiceHandle;
  esxi: ServiceHandle;
  nc: NatsConnection;
  /** The cloud vCenter (vcsim) cloud-cache moves volumes to, when the site was started with one. */
  cloudVcenter?: VcsimInstance;
  /** iscsi:// URL of LUN 0 of `iqn`, with the CHAP credentials. */
  url(iqn: string): string;
  /** A cloud-cache command; moves take long, so give them a longer `timeoutMs`. */
  command<T>(name: string, message: unknown, timeoutMs?: number): Promise<T>;
  /** Records a migration in FERRY_EVENTS (the cache refuses volumes of unknown migrations). */
  addMigration(migrationId: string): Promise<void>;
  /** Exposes a prem disk and creates a one-LUN volume fed from it; returns the disk size. */
  addVolume(iqn: string, migrationId: string, diskId: string, locator: string): Promise<number>;
  startHydration(iqn: string, migrationId: string, diskId: string, locator: string, maxBytesPerSecond?: number): Promise<void>;
  /** Polls (through restarts) until the hydration ends; resolves with its final status. */
  hydrationEnded(migrationId: string, diskId: string, timeoutMs?: number): Promise<ferry.dataplane.v1.TransferStatus>;
  describe(iqn: string): Promise<ferry.cache.v1.Volume>;
  /** The latest IO summary of `<iqn>/<lun>` the cache pushed to the analyzer endpoint (every 200 ms). */
  pushedSummary(volumeId: string): ferry.cache.v1.VolumeIoSummary | undefined;
  stop(): Promise<void>;
}

/** Options of {@link startWarmSite}. */
export interface WarmSiteOptions {
  /** Start a cloud vCenter (vcsim) and give cloud-cache its CLOUD_VCENTER_* so it can move volumes to storage. */
  cloudVcenter?: boolean;
}

export async function startWarmSite(options: WarmSiteOptions = {}): Promise<WarmSite> {
  const { dir, cleanup } = await makeTempDir('ferry-warm-site-');
  const caDir = join(dir, 'site-ca');
  const sourceDir = join(dir, 'source');
  await mkdir(sourceDir);
  const services: ServiceHandle[] = [];
  let nats: NatsHandle | undefined;
  let nc: NatsConnection | undefined;
  let control: Client | undefined;
  let vc: VcsimInstance | undefined;
  // Stands in for the appliance's analyzer port: keeps the latest pushed summary of each volume.
  const pushed = new Map<string, ferry.cache.v1.VolumeIoSummary>();
  const analyzer = await startIntakeStandIn(caDir, (_req, body, res) => {
    for (const v of ferry.cache.v1.IoSummaryBatch.decode(body).volumes) pushed.set(v.volumeId ?? '', v as ferry.cache.v1.VolumeIoSummary);
    res.writeHead(204).end();
  });
  const stop = async (): Promise<void> => {
    control?.close();
    await analyzer.close();
    await nc?.close();
    for (const s of [...services].reverse()) await s.stop().catch(() => undefined);
    await nats?.stop();
    await vc?.stop();
    await cleanup();
  };
  try {
    nats = await startNats();
    if (options.cloudVcenter === true) vc = await startVcsim({ model: { vmsPerPool: 0 } });
    const conn = (nc = await nats.connect('appliance')); // creates FERRY_EVENTS, appends migration events, commands cloud-cache
    await (await conn.jetstreamManager()).streams.add({ name: 'FERRY_EVENTS', subjects: ['ferry.evt.>'], storage: StorageType.File });
    const common = { NATS_URL: nats.url, CA_DIR: caDir };
    const start = async (name: Parameters<typeof startService>[0], env: Record<string, string>): Promise<ServiceHandle> => {
      const handle = await startService(name, { ...common, ...env });
      services.push(handle);
      return handle;
    };
    const cache = await start('cloud-cache', {
      CACHE_DIR: join(dir, 'cache'), ISCSI_HOST: '127.0.0.1', FROM_CLOUD_MANAGER_HOST: '127.0.0.1',
      ANALYZER_ENDPOINT: analyzer.url, ANALYZER_INTERVAL_MS: '200',
      ...(vc ? { ...vcenterEnv('CLOUD', vc), MOVE_TEMP_DIR: join(dir, 'move-staging') } : {}),
    });
    const esxi = await start('prem-esxi-manager', { BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceDir });
    const cloud = await start('cloud-manager', { INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: join(dir, 'targets'), STATE_DIR: join(dir, 'cloud-state'), CACHE_ENDPOINT: `127.0.0.1:${cache.ports.FROM_CLOUD_MANAGER_PORT}` });
    const prem = await start('prem-manager', { CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') });
    const shipper = (control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'test-operator')) }));
    const source = (): { sourceEndpoint: string } => ({ sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}` });
    const command = <T>(name: string, message: unknown, timeoutMs = 15_000): Promise<T> => natsRequest<T>(conn, `ferry.cmd.cloud-cache.${name}`, message, { timeoutMs });
    return {
      dir, sourceDir, cache, cloud, prem, esxi, nc: conn, command, ...(vc ? { cloudVcenter: vc } : {}),
      url: (iqn) => `iscsi://${WARM_CHAP.user}%${WARM_CHAP.secret}@127.0.0.1:${cache.ports.ISCSI_PORT}/${iqn}/0`,
      async addMigration(migrationId) {
        await conn.jetstream().publish(`ferry.evt.migration.${migrationId}`, new TextEncoder().encode('MigrationPlanned'));
      },
      async addVolume(iqn, migrationId, diskId, locator) {
        const exposed = await unaryCall<ferry.dataplane.v1.IExposeDiskRequest, ferry.dataplane.v1.ExposedDisk>(shipper, 'ExposeDisk', {
          migrationId, diskId, ...source(), sourceLocator: locator, targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_ALT_PORT}`,
        });
        const virtualSize = Number(exposed.virtualSize);
        await command('create-volume', ferry.cache.v1.CreateVolumeRequest.create({
          iqn, luns: [{ lun: 0, virtualSize, chunkSize: 1 << 20, migrationId, diskId }], chap: WARM_CHAP, requestId: `create-${iqn}`,
        }));
        return virtualSize;
      },
      async startHydration(iqn, migrationId, diskId, locator, maxBytesPerSecond = 0) {
        await unaryCall(shipper, 'StartTransfer', {
          migrationId, diskId, generation: 1, ...source(), sourceLocator: locator, targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}`,
          targetPath: `${iqn}/0`, targetFormat: 'cache', mode: pb.TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond,
        });
      },
      async hydrationEnded(migrationId, diskId, timeoutMs = 120_000) {
        const request = { migrationId, diskId, generation: 1 };
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const status = await unaryCall<ferry.dataplane.v1.IGetTransferRequest, ferry.dataplane.v1.TransferStatus>(shipper, 'GetTransfer', request).catch(() => undefined);
          if (status !== undefined && status.state !== pb.TransferState.TRANSFER_STATE_RUNNING) return status;
          if (Date.now() > deadline) throw new Error(`hydration of ${migrationId}/${diskId} still running after ${timeoutMs} ms\n${prem.log().slice(-2000)}\n${cloud.log().slice(-2000)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      describe: (iqn) => command<ferry.cache.v1.Volume>('describe-volume', ferry.cache.v1.DescribeVolumeRequest.create({ iqn })),
      pushedSummary: (volumeId) => pushed.get(volumeId),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
