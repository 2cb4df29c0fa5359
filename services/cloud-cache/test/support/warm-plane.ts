/**
 * The warm data path for integration tests and benchmarks: prem-esxi-manager, prem-manager and
 * cloud-manager as real processes sharing one site CA, and this cache's feed and iSCSI portal in the
 * test's process over volumes whose misses travel the whole path. On loopback by default; given
 * {@link WarmPlaneSites}, the prem and cloud services run where those say (e.g. two network
 * namespaces joined by a shaped link).
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { makeTempDir, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';
import { BootProfiles, type ProfileSession } from '../../src/boot-profile/boot-profiles';
import { CacheVolume } from '../../src/cache/cache-volume';
import { startFeed, type Feed } from '../../src/feed/start-feed';
import { IscsiPortal } from '../../src/iscsi/portal';
import type { IscsiTarget } from '../../src/iscsi/portal-context';
import { unitIdentityOf } from '../../src/scsi/block-device';
import { LogicalUnit } from '../../src/scsi/logical-unit';

/** Where the plane's services run and how they reach each other. */
export interface WarmPlaneSites {
  /** Starts prem-esxi-manager or prem-manager on the prem side. */
  startPrem(name: string, env: Record<string, string>): Promise<ServiceHandle>;
  /** Starts cloud-manager on the cloud side. */
  startCloud(name: string, env: Record<string, string>): Promise<ServiceHandle>;
  /** Address cloud-manager's interconnect listens on so that prem reaches it. */
  readonly cloudListenAddress: string;
  /** Makes this process's 127.0.0.1:`port` (the cache's feed) reachable at 127.0.0.1:`port` on the cloud side. */
  reachCache(port: number): Promise<void>;
  /** The host:port at which prem reaches cloud-manager's `port`. */
  reachCloud(port: number): Promise<string>;
}

/** Every service on this machine's loopback. */
export const LOOPBACK_SITES: WarmPlaneSites = {
  startPrem: (name, env) => startService(name, env),
  startCloud: (name, env) => startService(name, env),
  cloudListenAddress: '127.0.0.1',
  reachCache: async () => undefined,
  reachCloud: async (port) => `127.0.0.1:${port}`,
};

/** Options of a volume the plane serves. */
export interface WarmVolumeOptions {
  /** Boot profile key: prefetch the stored profile, or record this volume's boot as it. */
  bootProfileKey?: string;
}

export interface WarmPlane {
  dir: string;
  sourceDir: string;
  feed: Feed;
  portal: IscsiPortal;
  iscsiPort: number;
  prem: ServiceHandle;
  cloud: ServiceHandle;
  esxi: ServiceHandle;
  control: Client;
  volumes: Map<string, CacheVolume>;
  /** The cache's boot profiles (files under `<dir>/boot-profiles`). */
  bootProfiles: BootProfiles;
  /** Each volume's boot profile session, by volume key ("<iqn>/0"), for volumes made with a key. */
  profileSessions: Map<string, ProfileSession>;
  /** Exposes a prem disk and serves it as LUN 0 of `iqn`, fed from prem; returns the volume. */
  addVolume(iqn: string, migrationId: string, diskId: string, locator: string, options?: WarmVolumeOptions): Promise<CacheVolume>;
  /** Starts the disk's hydration into the volume (optionally capped, bytes per second) and waits for it to complete. */
  hydrate(iqn: string, migrationId: string, diskId: string, locator: string, maxBytesPerSecond?: number): Promise<ferry.dataplane.v1.TransferStatus>;
  /** Starts the hydration only. */
  startHydration(iqn: string, migrationId: string, diskId: string, locator: string, maxBytesPerSecond?: number): Promise<void>;
  /** Waits (through restarts of prem-manager) until the hydration completes; throws if it fails. */
  hydrated(migrationId: string, diskId: string, timeoutMs?: number): Promise<ferry.dataplane.v1.TransferStatus>;
  stop(): Promise<void>;
}

function portOf(service: ServiceHandle, name: string): number {
  const port = service.ports[name];
  if (port === undefined) throw new Error(`${service.name} has no port ${name}; its ports are ${Object.keys(service.ports).join(', ')}`);
  return port;
}

export async function startWarmPlane(sites: WarmPlaneSites = LOOPBACK_SITES): Promise<WarmPlane> {
  const { dir, cleanup } = await makeTempDir('ferry-warm-');
  const caDir = join(dir, 'site-ca');
  const sourceDir = join(dir, 'source');
  await mkdir(sourceDir);
  const volumes = new Map<string, CacheVolume>();
  const profileSessions = new Map<string, ProfileSession>();
  const bootProfiles = new BootProfiles({ dir: join(dir, 'boot-profiles') });
  const started: ServiceHandle[] = [];
  let nats: NatsHandle | undefined;
  let feed: Feed | undefined;
  const portal = new IscsiPortal({ host: '127.0.0.1', port: 0, targets: [] });
  const stop = async (): Promise<void> => {
    await Promise.allSettled(started.map((s) => s.stop()));
    await portal.close();
    await feed?.close();
    for (const v of volumes.values()) await v.close().catch(() => undefined);
    await nats?.stop();
    await cleanup();
  };
  try {
    nats = await startNats();
    feed = await startFeed({ host: '127.0.0.1', port: 0, caDir, volumeOf: (key) => volumes.get(key), log: () => undefined });
    const common = { NATS_URL: nats.url, CA_DIR: caDir };
    const esxi = await sites.startPrem('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceDir });
    started.push(esxi);
    await sites.reachCache(feed.port);
    const cloud = await sites.startCloud('cloud-manager', {
      ...common, INTERCONNECT_HOST: sites.cloudListenAddress, TARGET_ROOT: join(dir, 'targets'), STATE_DIR: join(dir, 'cloud-state'), CACHE_ENDPOINT: `127.0.0.1:${feed.port}`,
    });
    started.push(cloud);
    const prem = await sites.startPrem('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') });
    started.push(prem);
    const control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'test-operator')) });
    const iscsiPort = await portal.listen();
    const source = { sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}` };
    const demandEndpoint = await sites.reachCloud(portOf(cloud, 'INTERCONNECT_ALT_PORT'));
    const hydrationEndpoint = await sites.reachCloud(portOf(cloud, 'INTERCONNECT_PORT'));
    const f = feed;
    const plane: WarmPlane = {
      dir, sourceDir, feed: f, portal, iscsiPort, prem, cloud, esxi, control, volumes, bootProfiles, profileSessions,
      async addVolume(iqn, migrationId, diskId, locator, options = {}) {
        const exposed = await unaryCall<ferry.dataplane.v1.IExposeDiskRequest, ferry.dataplane.v1.ExposedDisk>(control, 'ExposeDisk', {
          migrationId, diskId, ...source, sourceLocator: locator, targetEndpoint: demandEndpoint,
        });
        const virtualSize = Number(exposed.virtualSize);
        const chunkSize = 1 << 20;
        const key = `${iqn}/0`;
        const id = createHash('sha256').update(key).digest();
        const volume = await CacheVolume.open({ name: key, dir: join(dir, 'cache', id.subarray(0, 8).toString('hex')), fetcher: f.fetchers({ migrationId, diskId, virtualSize, chunkSize }), chunkSize });
        volumes.set(key, volume);
        if (options.bootProfileKey !== undefined) profileSessions.set(key, await bootProfiles.attach(volume, options.bootProfileKey));
        const luns = new Map<number, LogicalUnit>();
        luns.set(0, new LogicalUnit(volume, unitIdentityOf(iqn, key), () => [0]));
        const target: IscsiTarget = { name: iqn, auth: { kind: 'none' }, luns };
        portal.addTarget(target);
        return volume;
      },
      async startHydration(iqn, migrationId, diskId, locator, maxBytesPerSecond = 0) {
        await unaryCall(control, 'StartTransfer', {
          migrationId, diskId, generation: 1, ...source, sourceLocator: locator, targetEndpoint: hydrationEndpoint,
          targetPath: `${iqn}/0`, targetFormat: 'cache', mode: ferry.dataplane.v1.TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond,
        });
      },
      async hydrated(migrationId, diskId, timeoutMs = 120_000) {
        const request = { migrationId, diskId, generation: 1 };
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const status = await unaryCall<ferry.dataplane.v1.IGetTransferRequest, ferry.dataplane.v1.TransferStatus>(control, 'GetTransfer', request).catch(() => undefined);
          if (status?.state === ferry.dataplane.v1.TransferState.TRANSFER_STATE_COMPLETED) return status;
          if (status?.state === ferry.dataplane.v1.TransferState.TRANSFER_STATE_FAILED || Date.now() > deadline) {
            throw new Error(`hydration ${status?.state === ferry.dataplane.v1.TransferState.TRANSFER_STATE_FAILED ? 'failed' : 'timed out'}: ${status?.error}\n${prem.log().slice(-2000)}\n${cloud.log().slice(-2000)}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      },
      async hydrate(iqn, migrationId, diskId, locator, maxBytesPerSecond = 0) {
        await plane.startHydration(iqn, migrationId, diskId, locator, maxBytesPerSecond);
        return plane.hydrated(migrationId, diskId);
      },
      async stop() {
        control.close();
        await stop();
      },
    };
    return plane;
  } catch (error) {
    await stop();
    throw error;
  }
}
