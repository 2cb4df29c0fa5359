// Builds the cold migration runtime from config: vCenter clients, the inventory, the data plane's
// transfer control (mutual TLS with a leaf of the site CA) and the runner that follows the event store.
import { randomBytes } from 'node:crypto';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import type { EventStore } from '@ferry/event-store';
import { grpcClient, natsLink, registerSecret } from '@ferry/service-kit';
import { defaultPlacement, VsphereClient } from '@ferry/vsphere';
import { openTransferQueue, QueueTransferControl, type TransferControl } from '@ferry/transfer-queue';
import type { NatsConnection } from 'nats';
import type { Registry } from 'prom-client';
import { readFileSync } from 'node:fs';
import {
  CacheVolumes, DatastoreDiskCopy, GrpcTransferControl, GuestPrepFixup, GuestPrepNetworkReapply, GuestPrepPrepare, GuestPrepRestore, InventorySourceVms, ShipperDiskCopy, ShipperShipBack, VsphereTargetVms, VsphereWarmTarget, locateOnDatastores, siteChapKey,
  sourceLocator, VspherePrecopy, type CloudSite,
} from './adapters';
import type { WarmPorts } from './orchestration/warm-ports';
import { cacheIqnFor } from './orchestration/steps/warm-names';
import type { Inventory } from './api';
import { PlanApi } from './api/plan-api';
import type { Config } from './config';
import { MigrationRunner, type MigrationPorts } from './orchestration';
import { startLeadership } from './leadership';
import type { StoreLink } from './orchestration/store-link';
import { startScheduling } from './scheduling/start-scheduler';

/** The running orchestration; close() stops following events and logs out of both vCenters. */
export interface Orchestration {
  close(): Promise<void>;
}

function connect(site: 'prem' | 'cloud', url: string, username: string, password: string, thumbprint: string, log: (m: string) => void): Promise<VsphereClient> {
  return VsphereClient.connect({ url, username, password, tls: thumbprint ? { thumbprint } : { insecure: true }, warn: (m) => log(`${site} vCenter: ${m}`) });
}

/** Memoises a lazy lookup, forgetting a failure so the next call tries again. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

/** The event store's connection (the service's NATS connection) as the runner follows it. */
function storeLinkOf(nats: NatsConnection): StoreLink {
  const listeners = new Set<() => void>();
  const link = natsLink(nats, () => {
    for (const listener of [...listeners]) listener();
  });
  return {
    connected: () => link.connected(),
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** CLOUD_HOST_INITIATORS as a list (cloud-cache checks each name when a volume is made). */
function cloudHostInitiators(c: Config): string[] {
  return c.cloudHostInitiators.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/** The warm migration's ports: guest-prep, the cloud cache (with prem's demand reads), hydration and the target's warm life. */
function warmPorts(c: Config, nats: NatsConnection, shipper: ReturnType<typeof grpcClient>, transfers: TransferControl, cloud: VsphereClient, site: () => Promise<CloudSite>, target: VsphereTargetVms): WarmPorts {
  const guestPassword = c.guestPasswordFile ? readFileSync(c.guestPasswordFile, 'utf8').trim() : '';
  registerSecret(guestPassword);
  const locate = (datastorePath: string): string => sourceLocator(c.sourceVolumes, datastorePath);
  return {
    guestPrep: new GuestPrepPrepare(nats, { guestUser: c.guestUser, guestPassword, timeoutMs: c.guestPrepTimeoutMs }),
    cache: new CacheVolumes(nats, shipper, {
      portal: c.cacheIscsiPortal, blockSource: c.blockSourceUrl, demandLane: c.demandLaneUrl, locate, chapKey: siteChapKey(c.caDir), moveTimeoutMs: c.moveTimeoutMs,
      initiators: cloudHostInitiators(c),
    }),
    // Hydration is the bulk transfer with the cache volume's LUN as its target (cloud-manager relays it to cloud-cache).
    hydration: new ShipperDiskCopy(transfers, {
      source: c.blockSourceUrl, target: c.receiverUrl, pollMs: c.copyPollMs, targetFormat: 'cache', noSpaceWaitMs: c.noSpaceWaitMs,
      locate: (migrationId, disk) => ({ sourceLocator: locate(disk.datastorePath), targetPath: `${cacheIqnFor(migrationId)}/${disk.lun ?? 0}` }),
    }),
    target: new VsphereWarmTarget(cloud, site, target),
    network: new GuestPrepNetworkReapply(nats, { targetVolumes: c.targetVolumes, timeoutMs: c.guestPrepTimeoutMs }),
    bootTimeoutMs: c.warmBootTimeoutMs,
    bootPollMs: c.warmBootPollMs,
  };
}

/**
 * Where disk transfers go: the work queue every prem-manager replica takes jobs from, or the one
 * prem-manager at SHIPPER_URL. The queue's stream and bucket are opened when the first transfer starts
 * (NATS may be away at start-up).
 */
function transferControl(c: Config, nats: NatsConnection, shipper: ReturnType<typeof grpcClient>, log: (m: string) => void): TransferControl {
  if (c.transferDispatch === 'direct') return new GrpcTransferControl(shipper, { watchMs: c.copyPollMs, log });
  log('disk transfers go to the transfer queue FERRY_TRANSFERS (TRANSFER_DISPATCH=queue): any prem-manager replica takes them');
  const control = once(async () => new QueueTransferControl(await openTransferQueue(nats, c.natsStreamReplicas)));
  return {
    start: async (request) => (await control()).start(request),
    status: async (key) => (await control()).status(key),
    cancel: async (key) => (await control()).cancel(key),
  };
}

/** `nats`: the service's connection, for commands to other services (guest-prep's fixup) and the leader lease; `metrics`: /metrics. */
export async function startOrchestration(c: Config, store: EventStore, inventory: Inventory, nats: NatsConnection, log: (m: string) => void, metrics?: Registry): Promise<Orchestration> {
  const [prem, cloud] = await Promise.all([
    connect('prem', c.premVcenterUrl, c.premVcenterUsername, c.premVcenterPassword, c.premVcenterThumbprint, log),
    connect('cloud', c.cloudVcenterUrl, c.cloudVcenterUsername, c.cloudVcenterPassword, c.cloudVcenterThumbprint, log),
  ]);
  const site = once(async (): Promise<CloudSite & { datacenterName: string }> => {
    const found = await defaultPlacement(cloud);
    return {
      placement: { folder: found.vmFolder, resourcePool: found.resourcePool }, datacenter: found.datacenter.ref, datacenterName: found.datacenter.name,
      datastores: found.datastores.map((d) => d.name),
    };
  });
  const tls = await issueLeaf(c.caDir, 'appliance');
  const shipper = grpcClient('ferry.dataplane.v1.Shipper', c.shipperUrl, { credentials: mutualTlsClient(tls) });
  const transfers = transferControl(c, nats, shipper, log);
  const transfer = new ShipperDiskCopy(transfers, {
    source: c.blockSourceUrl, target: c.receiverUrl, pollMs: c.copyPollMs, noSpaceWaitMs: c.noSpaceWaitMs,
    locate: locateOnDatastores({ sourceVolumes: c.sourceVolumes, targetVolumes: c.targetVolumes }),
  });
  const target = new VsphereTargetVms(cloud, site);
  const warm = c.cacheIscsiPortal ? warmPorts(c, nats, shipper, transfers, cloud, site, target) : undefined;
  if (warm && cloudHostInitiators(c).length === 0) {
    log('WARNING: CLOUD_HOST_INITIATORS is empty: a warm migration\'s cache volume admits any initiator that knows its CHAP secret; list the cloud hosts\' iSCSI names to admit only them');
  }
  if (!warm) log('warm migration is off: CACHE_ISCSI_PORTAL is not set');
  const cache = warm?.cache;
  const shipBack = c.cloudBlockSourceUrl && cache
    ? new ShipperShipBack(transfers, {
        cloudSource: c.cloudBlockSourceUrl, cacheSource: c.cacheBlockSourceUrl || c.cloudBlockSourceUrl, cacheWrites: (iqn, lun) => cache.writtenChunks(iqn, lun),
        premWriter: c.premBlockWriteUrl, premVolumes: c.sourceVolumes, pollMs: c.copyPollMs,
      })
    : undefined;
  if (!shipBack) log('migrate back is off: it needs warm migration (CACHE_ISCSI_PORTAL) and CLOUD_BLOCK_SOURCE_URL');
  const plans = new PlanApi(store, inventory);
  const ports: MigrationPorts = {
    source: new InventorySourceVms(inventory, prem),
    diskCopy: new DatastoreDiskCopy(cloud, async () => (await site()).datacenterName, transfer),
    target,
    fixup: new GuestPrepFixup(nats, { targetVolumes: c.targetVolumes, timeoutMs: c.fixupTimeoutMs }),
    ...(warm ? { warm } : {}),
    ...(shipBack ? { shipBack, premGuest: new GuestPrepRestore(nats, { timeoutMs: c.fixupTimeoutMs }) } : {}),
    // Pre-copy reads each sync's snapshot through the prem datastores' /folder (datastore: locators).
    precopy: new VspherePrecopy(prem, once(async () => (await defaultPlacement(prem)).datacenter.name)),
  };
  // The store runs on this same connection: a reconnect re-drives every unfinished migration.
  const storeLink = storeLinkOf(nats);
  // Only the replica holding the leader lease runs migrations and the scheduler (docs/event-store.md,
  // "One leader among appliances"); every replica serves the API.
  const leadership = await startLeadership({
    nats, replicas: c.natsStreamReplicas, ttlMs: c.leaderLeaseTtlMs, metrics, log,
    lead: async (fence, term) => {
      log(`leading in term ${term}: resuming unfinished migrations and the scheduler`);
      const runner = new MigrationRunner(store, ports, {
        actor: 'service:appliance',
        guestShutdownTimeoutMs: c.guestShutdownTimeoutMs,
        stepRetries: c.stepRetries,
        stepRetryBackoffMs: c.stepRetryBackoffMs,
        vcenterOutageMs: c.vcenterOutageMs,
        serviceOutageMs: c.serviceOutageMs,
        storeLink,
        fence,
        redriveIntervalMs: c.redriveIntervalMs,
        onMigrationEnded: (planId) => plans.planDueMigrations(planId, { actor: 'service:appliance', traceId: randomBytes(16).toString('hex') }),
        log,
      });
      await runner.start();
      const scheduling = await startScheduling(store, plans, log).catch(async (error: unknown) => {
        await runner.stop();
        throw error;
      });
      return {
        async stop() {
          await scheduling.stop();
          await runner.stop();
        },
      };
    },
  });
  return {
    async close() {
      await leadership.stop();
      transfers.close?.();
      shipper.close();
      await Promise.allSettled([prem.logout(), cloud.logout()]);
    },
  };
}
