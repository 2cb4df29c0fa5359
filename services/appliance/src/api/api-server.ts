// The integrator gRPC API (ferry.api.v1.Ferry) on the appliance's API port. Inventory calls are
// proxied to the inventory service; plans and migrations live in the event store, which the API
// reaches through a guard that answers UNAVAILABLE at once while NATS is unreachable.
import type { NatsConnection } from 'nats';
import { NotFoundError } from '@ferry/errors';
import { JetStreamEventStore, type EventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { implementation, natsLink, serveGrpc, serverStream, unary, type RunningGrpcServer } from '@ferry/service-kit';
import type { CacheSummaries } from '../analyzer';
import { listCacheVolumes, onDemandBytesFrom } from './cache-api';
import { callerOf } from './caller';
import type { Inventory } from './inventory-gateway';
import { MigrationApi } from './migration-api';
import { PlanApi } from './plan-api';
import { guardStore, type StoreGuardOptions } from './store-guard';
import { assessmentView, inventoryModeOf, siteOf, vmView } from './vm-views';
import { watchMigration } from './watch-migration';

import api = ferry.api.v1;

/** The API server, listening. */
export type ApiServer = RunningGrpcServer;

/** What the API is built from. */
export interface ApiDependencies {
  readonly store: EventStore;
  /**
   * The store's NATS connection, followed so calls answer UNAVAILABLE at once while it is down.
   * Default: a JetStreamEventStore's own connection; another store without one is used unguarded.
   */
  readonly storeConnection?: NatsConnection;
  /** When a store operation with no answer yet makes the API check the link (see guardStore). */
  readonly storeGuard?: StoreGuardOptions;
  readonly inventory: Inventory;
  readonly clock?: () => number;
  /** Latest cloud-cache IO summaries (the analyzer port); without it ListCacheVolumes answers an empty list. */
  readonly cacheSummaries?: CacheSummaries;
}

/** The store as the API's handlers use it: guarded by its connection when there is one. */
function apiStore(deps: ApiDependencies): EventStore {
  const connection = deps.storeConnection ?? (deps.store instanceof JetStreamEventStore ? deps.store.connection : undefined);
  return connection ? guardStore(deps.store, natsLink(connection), deps.storeGuard) : deps.store;
}

function handlers(deps: ApiDependencies) {
  const store = apiStore(deps);
  const plans = new PlanApi(store, deps.inventory, deps.clock);
  const onDemandBytesOf = onDemandBytesFrom(deps.cacheSummaries);
  const migrations = new MigrationApi(store, deps.clock, onDemandBytesOf);
  const { inventory } = deps;
  return implementation({
    ListVms: unary('ListVms', async (r: api.ListVmsRequest): Promise<api.IListVmsResponse> => {
      const reply = await inventory.listVms({ filter: { site: siteOf(r.vcenter), nameContains: r.nameFilter }, pageSize: r.pageSize, pageToken: r.pageToken });
      return { vms: reply.vms.map(vmView), nextPageToken: reply.nextPageToken };
    }),
    GetVm: unary('GetVm', async (r: api.GetVmRequest): Promise<api.IVm> => {
      const site = siteOf(r.vcenter);
      const vm = await inventory.findVm(site, r.moref);
      if (!vm) throw new NotFoundError(`no VM "${r.moref}" on the ${r.vcenter || 'prem'} vCenter; list VMs with ListVms and use a moref from there`);
      return vmView(vm);
    }),
    AssessVm: unary('AssessVm', async (r: api.AssessVmRequest): Promise<api.IAssessment> => {
      const mode = inventoryModeOf(r.mode);
      return assessmentView(await inventory.assessVm({ site: siteOf(r.vcenter), id: r.moref, mode }), mode);
    }),
    CreatePlan: unary('CreatePlan', (r: api.CreatePlanRequest, md) => plans.createPlan(r, callerOf(md))),
    StartPlan: unary('StartPlan', (r: api.StartPlanRequest, md) => plans.startPlan(r.planId, callerOf(md))),
    GetPlan: unary('GetPlan', (r: api.GetPlanRequest) => plans.getPlan(r.planId)),
    SetPlanDiskRate: unary('SetPlanDiskRate', (r: api.SetPlanDiskRateRequest, md) => plans.setDiskRate(r, callerOf(md))),
    GetMigration: unary('GetMigration', (r: api.GetMigrationRequest) => migrations.getMigration(r.migrationId)),
    WatchMigration: serverStream('WatchMigration', (r: api.WatchMigrationRequest, send, signal) => watchMigration(store, r.migrationId, send, signal, onDemandBytesOf)),
    CancelMigration: unary('CancelMigration', (r: api.CancelMigrationRequest, md) => migrations.cancel(r, callerOf(md))),
    MigrateBack: unary('MigrateBack', (r: api.MigrateBackRequest, md) => migrations.migrateBack(r, callerOf(md))),
    PurgeCloud: unary('PurgeCloud', (r: api.PurgeCloudRequest, md) => migrations.purgeCloud(r, callerOf(md))),
    RetryMigration: unary('RetryMigration', (r: api.RetryMigrationRequest, md) => migrations.retry(r, callerOf(md))),
    ListMigrationEvents: unary('ListMigrationEvents', (r: api.ListMigrationEventsRequest) => migrations.listEvents(r)),
    ListCacheVolumes: unary('ListCacheVolumes', async (r: api.ListCacheVolumesRequest) => listCacheVolumes(deps.cacheSummaries, r)),
  });
}

/** Serves ferry.api.v1.Ferry on host:port (port 0 picks a free one). */
export async function startApiServer(deps: ApiDependencies, host: string, port: number): Promise<ApiServer> {
  return serveGrpc(host, port, { 'ferry.api.v1.Ferry': handlers(deps) });
}
