/**
 * The warm data path on loopback for integration tests: prem-esxi-manager, prem-manager and
 * cloud-manager as real processes sharing one site CA, and this cache's feed and iSCSI portal in the
 * test's process over volumes whose misses travel the whole path.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { makeTempDir, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';
import { CacheVolume } from '../../src/cache/cache-volume';
import { startFeed, type Feed } from '../../src/feed/start-feed';
import { IscsiPortal } from '../../src/iscsi/portal';
import type { IscsiTarget } from '../../src/iscsi/portal-context';
import { unitIdentityOf } from '../../src/scsi/block-device';
import { LogicalUnit } from '../../src/scsi/logical-unit';

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
  /** Exposes a prem disk and serves it as LUN 0 of `iqn`, fed from prem; returns the volume. */
  addVolume(iqn: string, migrationId: string, diskId: string, locator: string): Promise<CacheVolume>;
  /** Starts the disk's hydration into the volume (optionally capped, bytes per second) and waits for it to complete. */
  hydrate(iqn: string, migrationId: string, diskId: string, locator: string, maxBytesPerSecond?: number): Promise<ferry.dataplane.v1.TransferStatus>;
  /** Starts the hydration only. */
  startHydration(iqn: string, migrationId: string, diskId: string, locator: string, maxBytesPerSecond?: number): Promise<void>;
  /** Waits (through restarts of prem-manager) until the hydration completes; throws if it fails. */
  hydrated(migrationId: string, diskId: string, timeoutMs?: number): Promise<ferry.dataplane.v1.TransferStatus>;
  stop(): Promise<void>;
}

export async function startWarmPlane(): Promise<WarmPlane> {
  const { dir, cleanup } = await makeTempDir('ferry-warm-');
  const caDir = join(dir, 'site-ca');
  const sourceDir = join(dir, 'source');
  await mkdir(sourceDir);
  const volumes = new Map<string, CacheVolume>();
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
    const esxi = await startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceDir });
    started.push(esxi);
    const cloud = await startService('cloud-manager', { ...common, INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: join(dir, 'targets'), STATE_DIR: join(dir, 'cloud-state'), CACHE_ENDPOINT: `127.0.0.1:${feed.port}` });
    started.push(cloud);
    const prem = await startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') });
    started.push(prem);
    const control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'test-operator')) });
    const iscsiPort = await portal.listen();
    const source = { sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}` };
    const f = feed;
    const plane: WarmPlane = {
      dir, sourceDir, feed: f, portal, iscsiPort, prem, cloud, esxi, control, volumes,
      async addVolume(iqn, migrationId, diskId, locator) {
        const exposed = await unaryCall<ferry.dataplane.v1.IExposeDiskRequest, ferry.dataplane.v1.ExposedDisk>(control, 'ExposeDisk', {
          migrationId, diskId, ...source, sourceLocator: locator, targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_ALT_PORT}`,
        });
        const virtualSize = Number(exposed.virtualSize);
        const chunkSize = 1 << 20;
        const key = `${iqn}/0`;
        const id = createHash('sha256').update(key).digest();
        const volume = await CacheVolume.open({ name: key, dir: join(dir, 'cache', id.subarray(0, 8).toString('hex')), fetcher: f.fetchers({ migrationId, diskId, virtualSize, chunkSize }), chunkSize });
        volumes.set(key, volume);
        const luns = new Map<number, LogicalUnit>();
        luns.set(0, new LogicalUnit(volume, unitIdentityOf(iqn, key), () => [0]));
        const target: IscsiTarget = { name: iqn, auth: { kind: 'none' }, luns };
        portal.addTarget(target);
        return volume;
      },
      async startHydration(iqn, migrationId, diskId, locator, maxBytesPerSecond = 0) {
        await unaryCall(control, 'StartTransfer', {
          migrationId, diskId, generation: 1, ...source, sourceLocator: locator, targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}`,
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
