// The integrator gRPC API (ferry.api.v1.Ferry) on the appliance's API port. Inventory calls are
// proxied to the inventory service; plans and migrations live in the event store, which the API
// reaches through a guard that answers UNAVAILABLE at once while NATS is unreachable.
import type { ServerCredentials } from '@grpc/grpc-js';
import type { NatsConnection } from 'nats';
import { NotFoundError } from '@ferry/errors';
import { JetStreamEventStore, type EventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { implementation, natsLink, serveGrpc, type RunningGrpcServer } from '@ferry/service-kit';
import type { AccessControl } from '../access';
import type { CacheSummaries } from '../analyzer';
import { AccessApi } from './access-api';
import { listCacheVolumes, onDemandBytesFrom } from './cache-api';
import type { Inventory } from './inventory-gateway';
import { MigrationApi } from './migration-api';
import { DowntimeApi } from './downtime-api';
import { SiteHistory } from '../prediction';
import { PlanApi } from './plan-api';
import { SiteCatalog } from './site-catalog';
import { watchPlan } from './watch-plan';
import { auditStatus, exportAudit, replayAuditView } from '../audit';
import { guardStore, type StoreGuardOptions } from './store-guard';
import { rpcGate } from './validation/validated-rpc';
import { siteScopeFacts } from './scope-facts';
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
  /** Who may call what (users, keys, tokens, the security stream). */
  readonly access: AccessControl;
  /** The appliance's STATE_DIR (the admin init code). */
  readonly stateDir: string;
  /** Pre-copy: the smallest precopy_interval_seconds a plan may ask for (default 60; tests lower it). */
  readonly precopyMinIntervalSeconds?: number;
}

/** The store as the API's handlers use it: guarded by its connection when there is one. */
function apiStore(deps: ApiDependencies): EventStore {
  const connection = deps.storeConnection ?? (deps.store instanceof JetStreamEventStore ? deps.store.connection : undefined);
  return connection ? guardStore(deps.store, natsLink(connection), deps.storeGuard) : deps.store;
}

/** The API's handlers, and what must stop with the server: the site history a prediction subscribes to. */
function handlers(deps: ApiDependencies) {
  const store = apiStore(deps);
  const catalog = new SiteCatalog(store);
  const plans = new PlanApi(store, deps.inventory, deps.clock, catalog, deps.precopyMinIntervalSeconds);
  const onDemandBytesOf = onDemandBytesFrom(deps.cacheSummaries);
  const site = new SiteHistory(store);
  const migrations = new MigrationApi(store, deps.clock, onDemandBytesOf, (state) => downtime.downtimeOf(state), catalog);
  const downtime: DowntimeApi = new DowntimeApi(store, site, migrations, plans, deps.inventory, deps.clock);
  const accessApi = new AccessApi(deps.access, store, deps.stateDir);
  const { inventory } = deps;
  // Every RPC goes through the gate: the caller's credential, its role (auth/rpc-roles.ts) and the
  // request's schema (validation/request-schemas.ts) are checked before the handler runs.
  const { unary: validatedUnary, stream: validatedStream } = rpcGate(deps.access, siteScopeFacts(store, plans, inventory, deps.clock));
  const implemented = implementation({
    ListVms: validatedUnary('ListVms', async (r: api.ListVmsRequest): Promise<api.IListVmsResponse> => {
      const reply = await inventory.listVms({ filter: { site: siteOf(r.vcenter), nameContains: r.nameFilter }, pageSize: r.pageSize, pageToken: r.pageToken });
      return { vms: reply.vms.map(vmView), nextPageToken: reply.nextPageToken };
    }),
    GetVm: validatedUnary('GetVm', async (r: api.GetVmRequest): Promise<api.IVm> => {
      const site = siteOf(r.vcenter);
      const vm = await inventory.findVm(site, r.moref);
      if (!vm) throw new NotFoundError(`no VM "${r.moref}" on the ${r.vcenter || 'prem'} vCenter; list VMs with ListVms and use a moref from there`);
      return vmView(vm);
    }),
    AssessVm: validatedUnary('AssessVm', async (r: api.AssessVmRequest): Promise<api.IAssessment> => {
      const mode = inventoryModeOf(r.mode);
      return assessmentView(await inventory.assessVm({ site: siteOf(r.vcenter), id: r.moref, mode }), mode);
    }),
    CreatePlan: validatedUnary('CreatePlan', (r: api.CreatePlanRequest, caller) => plans.createPlan(r, caller)),
    StartPlan: validatedUnary('StartPlan', (r: api.StartPlanRequest, caller) => plans.startPlan(r.planId, caller)),
    GetPlan: validatedUnary('GetPlan', (r: api.GetPlanRequest) => plans.getPlan(r.planId)),
    ListPlans: validatedUnary('ListPlans', (r: api.ListPlansRequest) => plans.listPlans(r)),
    CancelPlan: validatedUnary('CancelPlan', (r: api.CancelPlanRequest, caller) => plans.cancelPlan(r, caller)),
    SetPlanDiskRate: validatedUnary('SetPlanDiskRate', (r: api.SetPlanDiskRateRequest, caller) => plans.setDiskRate(r, caller)),
    GetMigration: validatedUnary('GetMigration', (r: api.GetMigrationRequest) => migrations.getMigration(r.migrationId)),
    WatchPlan: validatedStream('WatchPlan', (r: api.WatchPlanRequest, send: (u: api.IPlanUpdate) => void, signal) => watchPlan(store, plans, r.planId, send, signal, onDemandBytesOf)),
    ReplayAudit: validatedUnary('ReplayAudit', (r: api.ReplayAuditRequest) => replayAuditView(store, r)),
    GetAuditStatus: validatedUnary('GetAuditStatus', () => auditStatus(deps.store, deps.clock)),
    ExportAudit: validatedStream('ExportAudit', (r: api.ExportAuditRequest, send, signal) => exportAudit(store, r, send, signal)),
    ListMigrations: validatedUnary('ListMigrations', (r: api.ListMigrationsRequest) => migrations.listMigrations(r)),
    WatchMigration: validatedStream('WatchMigration', (r: api.WatchMigrationRequest, send: (u: api.IMigrationUpdate) => void, signal) => watchMigration(store, r.migrationId, send, signal, onDemandBytesOf)),
    CancelMigration: validatedUnary('CancelMigration', (r: api.CancelMigrationRequest, caller) => migrations.cancel(r, caller)),
    MigrateBack: validatedUnary('MigrateBack', (r: api.MigrateBackRequest, caller) => migrations.migrateBack(r, caller)),
    PurgeCloud: validatedUnary('PurgeCloud', (r: api.PurgeCloudRequest, caller) => migrations.purgeCloud(r, caller)),
    Cutover: validatedUnary('Cutover', (r: api.CutoverRequest, caller) => migrations.cutover(r, caller)),
    ScheduleCutover: validatedUnary('ScheduleCutover', (r: api.ScheduleCutoverRequest, caller) => downtime.scheduleCutover(r, caller)),
    AdvisePlan: validatedUnary('AdvisePlan', (r: api.AdvisePlanRequest) => downtime.advisePlan(r)),
    RetryMigration: validatedUnary('RetryMigration', (r: api.RetryMigrationRequest, caller) => migrations.retry(r, caller)),
    ListMigrationEvents: validatedUnary('ListMigrationEvents', (r: api.ListMigrationEventsRequest) => migrations.listEvents(r)),
    ListCacheVolumes: validatedUnary('ListCacheVolumes', async (r: api.ListCacheVolumesRequest) => listCacheVolumes(deps.cacheSummaries, r)),
    Login: validatedUnary('Login', (r: api.LoginRequest) => accessApi.login(r)),
    WhoAmI: validatedUnary('WhoAmI', async (_r: api.WhoAmIRequest, caller) => accessApi.whoAmI(caller)),
    InitAdmin: validatedUnary('InitAdmin', (r: api.InitAdminRequest, caller) => accessApi.initAdmin(r, caller)),
    CreateUser: validatedUnary('CreateUser', (r: api.CreateUserRequest, caller) => accessApi.createUser(r, caller)),
    GrantRole: validatedUnary('GrantRole', (r: api.GrantRoleRequest, caller) => accessApi.grantRole(r, caller)),
    SetPassword: validatedUnary('SetPassword', (r: api.SetPasswordRequest, caller) => accessApi.setPassword(r, caller)),
    ListUsers: validatedUnary('ListUsers', async () => accessApi.listUsers()),
    CreateApiKey: validatedUnary('CreateApiKey', (r: api.CreateApiKeyRequest, caller) => accessApi.createApiKey(r, caller)),
    RevokeApiKey: validatedUnary('RevokeApiKey', (r: api.RevokeApiKeyRequest, caller) => accessApi.revokeApiKey(r, caller)),
    ListSecurityEvents: validatedUnary('ListSecurityEvents', (r: api.ListSecurityEventsRequest) => accessApi.listSecurityEvents(r)),
    RotateTokenKey: validatedUnary('RotateTokenKey', (_r: api.RotateTokenKeyRequest, caller) => accessApi.rotateTokenKey(caller)),
  });
  return { implemented, stop: () => site.stop() };
}

/** Serves ferry.api.v1.Ferry on host:port (port 0 picks a free one) with `credentials` (TLS: api-tls.ts). */
export async function startApiServer(deps: ApiDependencies, host: string, port: number, credentials: ServerCredentials): Promise<ApiServer> {
  const { implemented, stop } = handlers(deps);
  const server = await serveGrpc(host, port, { 'ferry.api.v1.Ferry': implemented }, credentials);
  // The site history's subscription (opened by the first prediction) ends with the server.
  return { port: server.port, close: async (graceMs) => {
    await server.close(graceMs);
    await stop().catch(() => undefined); // a store already gone has nothing left to stop
  } };
}
