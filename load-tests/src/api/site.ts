// bench:api's site: NATS, a vcsim pair, the inventory service and the appliance on loopback, without
// the data plane (as services/appliance/test/api.e2e.spec.ts starts it). Without PREM_VCENTER_URL the
// appliance plans migrations but does not run them: a started plan's migrations stay PHASE_PLANNED,
// so a watch of one holds open with nothing to send after its first snapshot.
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { makeTempDir, startApplianceWithAccess, startNats, startService, startVcsimPair, vcenterEnv, type ApiAccess, type NatsHandle, type ServiceHandle, type VcsimPair } from '@ferry/testing';
import { callUnary } from './calls';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

/** The running site and what the load needs from it. */
export interface ApiSite {
  readonly address: string;
  /** TLS from the site CA and the operator's token, as the bench's callers use them. */
  readonly access: ApiAccess;
  readonly appliance: ServiceHandle;
  readonly inventory: ServiceHandle;
  readonly nats: NatsHandle;
  /** The started plan's migrations, each PHASE_PLANNED. */
  readonly migrationIds: readonly string[];
  /** The appliance's answers the peer replays: ListVms (prem) and GetMigration of the first migration. */
  readonly listVmsReply: api.ListVmsResponse;
  readonly migrationReply: api.Migration;
  /** How many prem VMs ListVms answers with. */
  readonly vms: number;
  stop(): Promise<void>;
}

/** The ListVms request the load sends. */
export const LIST_VMS_REQUEST: api.IListVmsRequest = { vcenter: 'prem', pageSize: 100 };

/** A plan for `vms` mapping every network and datastore they use to the same name on the cloud (vcsim's default model has both). */
function planFor(vms: readonly api.IVm[]): api.ICreatePlanRequest {
  const networks = [...new Set(vms.flatMap((vm) => vm.networks ?? []))];
  const datastores = [...new Set(vms.flatMap((vm) => (vm.disks ?? []).map((d) => /^\[([^\]]+)\]/.exec(d.datastorePath ?? '')?.[1] ?? '')))];
  return {
    name: 'bench api wave',
    requestId: 'bench-api-wave',
    vms: vms.map((vm) => ({ vcenter: 'prem', moref: vm.ref?.moref ?? '' })),
    mode: mig.MigrationMode.MIGRATION_MODE_COLD,
    concurrency: vms.length,
    networkMap: networks.map((n) => ({ sourceNetwork: n, targetNetwork: n })),
    storageMap: datastores.map((d) => ({ sourceDatastore: d, targetDatastore: d })),
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
  };
}

/** Every prem VM, polling until the inventory's first sync delivered `expected` of them (30 s at most). */
async function premVms(client: Client, expected: number): Promise<api.ListVmsResponse> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await callUnary<api.ListVmsResponse>(client, 'ListVms', LIST_VMS_REQUEST, 20_000);
    if (reply.vms.length >= expected) return reply;
    if (Date.now() > deadline) throw new Error(`the inventory listed ${reply.vms.length} of vcsim's ${expected} prem VMs after 30 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts the site, creates and starts one plan of `migrations` VMs (fewer when vcsim has fewer) and
 * checks each migration is PHASE_PLANNED. Whatever fails on the way, what was started is stopped.
 */
export async function startApiSite(migrations: number, say: (line: string) => void): Promise<ApiSite> {
  let nats: NatsHandle | undefined;
  let pair: VcsimPair | undefined;
  let inventory: ServiceHandle | undefined;
  let appliance: ServiceHandle | undefined;
  let client: Client | undefined;
  let temp: { dir: string; cleanup: () => Promise<void> } | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      client?.close();
      await appliance?.stop().catch(() => undefined);
      await inventory?.stop().catch(() => undefined);
      await pair?.stop().catch(() => undefined);
      await nats?.stop().catch(() => undefined);
      await temp?.cleanup();
    })());
  try {
    say('starting NATS and a vcsim pair');
    [nats, pair] = await Promise.all([startNats(), startVcsimPair({ prem: { model: { vmsPerPool: Math.max(2, migrations) } } })]);
    say('starting the inventory service and the appliance (no data plane, no PREM_VCENTER_URL: migrations are planned, not run)');
    temp = await makeTempDir('ferry-bench-api-');
    inventory = await startService('inventory', { NATS_URL: nats.url, API_HOST: '127.0.0.1', CA_DIR: join(temp.dir, 'site-ca'), ...vcenterEnv('PREM', pair.prem), ...vcenterEnv('CLOUD', pair.cloud) });
    const running = await startApplianceWithAccess({ NATS_URL: nats.url, API_HOST: '127.0.0.1', INVENTORY_API_URL: `127.0.0.1:${inventory.ports.API_PORT}` }, temp.dir);
    appliance = running.appliance;
    const access = running.api;
    const address = access.address;
    client = access.client('operator');

    const listed = await premVms(client, pair.prem.vms);
    const chosen = listed.vms.slice(0, migrations);
    const plan = await callUnary<api.Plan>(client, 'CreatePlan', planFor(chosen), 20_000);
    const started = await callUnary<api.Plan>(client, 'StartPlan', { planId: plan.id }, 20_000);
    const migrationIds = started.migrationIds;
    if (migrationIds.length === 0) throw new Error(`StartPlan of ${plan.id} made no migration`);
    const replies = await Promise.all(migrationIds.map((migrationId) => callUnary<api.Migration>(client!, 'GetMigration', { migrationId }, 20_000)));
    const notPlanned = replies.filter((m) => m.phase !== mig.Phase.PHASE_PLANNED);
    if (notPlanned.length > 0) throw new Error(`migration(s) ${notPlanned.map((m) => `${m.id} ${mig.Phase[m.phase]}`).join(', ')} not PHASE_PLANNED: a watch of them would end`);
    say(`plan ${plan.id} started: ${migrationIds.length} migration(s), each PHASE_PLANNED; ListVms answers ${listed.vms.length} VMs`);
    return { address, access, appliance, inventory, nats, migrationIds, listVmsReply: listed, migrationReply: replies[0]!, vms: listed.vms.length, stop };
  } catch (error) {
    const tail = appliance?.log().split('\n').slice(-30).join('\n');
    if (tail) say(`appliance log (last lines):\n${tail}`);
    await stop();
    throw error;
  }
}
