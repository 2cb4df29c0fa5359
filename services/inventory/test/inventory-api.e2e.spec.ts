import { status as GrpcStatus, type Client, type ServiceError } from '@grpc/grpc-js';
import { JetStreamEventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { startNats, startService, startVcsimPair, vcenterEnv, type NatsHandle, type ServiceHandle, type VcsimPair } from '@ferry/testing';
import { VsphereClient, defaultPlacement, powerOffHard } from '@ferry/vsphere';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { createModel, mixedModel, type ModelVm } from './vm-model';

import pb = ferry.inventory.v1;

jest.setTimeout(120_000);

let nats: NatsHandle;
let pair: VcsimPair;
let prem: VsphereClient;
let service: ServiceHandle;
let api: Client;
let model: ModelVm[];

const call = <Req, Res>(method: string, request: Req): Promise<Res> => unaryCall<Req, Res>(api, method, request);
const listVms = (req: pb.IListVmsRequest): Promise<pb.ListVmsResponse> => call('ListVms', req);
const getVm = (req: pb.IGetVmRequest): Promise<pb.Vm> => call('GetVm', req);
const assessVm = (req: pb.IAssessVmRequest): Promise<pb.AssessVmResponse> => call('AssessVm', req);

/** Every VM matching `filter`, page by page. */
async function listAll(filter: pb.IVmFilter, pageSize: number): Promise<pb.IVm[]> {
  const out: pb.IVm[] = [];
  let pageToken = '';
  do {
    const page = await listVms({ filter, pageSize, pageToken });
    expect(page.vms.length).toBeLessThanOrEqual(pageSize);
    out.push(...page.vms);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return out;
}

async function grpcError(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  [nats, pair] = await Promise.all([startNats(), startVcsimPair()]);
  prem = await VsphereClient.connect({ url: pair.prem.sdkUrl, username: pair.prem.username, password: pair.prem.password, tls: { thumbprint: pair.prem.thumbprint } });
  const place = await defaultPlacement(prem);
  model = mixedModel(10, place.networks.filter((n) => n.ref.type === 'Network').map((n) => n.name));
  await createModel(prem, place, model);
  service = await startService('inventory', { NATS_URL: nats.url, API_HOST: '127.0.0.1', ...vcenterEnv('PREM', pair.prem), ...vcenterEnv('CLOUD', pair.cloud) });
  api = grpcClient('ferry.inventory.v1.InventoryService', `127.0.0.1:${service.ports.API_PORT}`);
});

afterAll(async () => {
  api?.close();
  await service?.stop();
  await prem?.logout();
  await pair?.stop();
  await nats?.stop();
});

describe('inventory service gRPC API (built service, NATS, vcsim pair)', () => {
  it('lists every prem VM exactly once across pages', async () => {
    const vms = await listAll({ site: pb.Site.SITE_PREM }, 3);
    expect(vms.map((v) => v.id).sort()).toEqual(model.map((m) => m.ref!.value).sort());
    expect(new Set(vms.map((v) => v.id)).size).toBe(vms.length);
    const first = await listVms({ filter: { site: pb.Site.SITE_PREM }, pageSize: 3 });
    expect(first.total).toBe(model.length);
    const byName = new Map(vms.map((v) => [v.name, v]));
    for (const m of model) expect({ cpus: byName.get(m.name)?.cpus, memory: byName.get(m.name)?.memoryMib, guestId: byName.get(m.name)?.guestId }).toEqual({ cpus: m.cpus, memory: m.memoryMiB, guestId: m.guestId });
  });

  it('filters by site, name, power state, guest OS and readiness verdict', async () => {
    const names = async (filter: pb.IVmFilter): Promise<string[]> => (await listAll(filter, 100)).map((v) => v.name!).sort();
    expect(await names({ site: pb.Site.SITE_CLOUD })).toEqual([]);
    expect(await names({ nameContains: 'LEGACY' })).toEqual(model.filter((m) => m.name.toLowerCase().includes('legacy')).map((m) => m.name).sort());
    expect(await names({ powerState: 'poweredOff' })).toEqual(model.filter((m) => !m.powerOn).map((m) => m.name).sort());
    expect(await names({ guestOsContains: 'windows' })).toEqual(model.filter((m) => m.guestFullName.includes('Windows')).map((m) => m.name).sort());
    const blockedCold: string[] = [];
    for (const m of model) {
      const a = await assessVm({ site: pb.Site.SITE_PREM, id: m.ref!.value, mode: pb.MigrationMode.MIGRATION_MODE_COLD });
      if (a.assessments[0]!.verdict === pb.Verdict.VERDICT_BLOCKED) blockedCold.push(m.name);
    }
    expect(blockedCold.length).toBeGreaterThan(0);
    expect(await names({ readinessMode: pb.MigrationMode.MIGRATION_MODE_COLD, readinessVerdict: pb.Verdict.VERDICT_BLOCKED })).toEqual(blockedCold.sort());
  });

  it('rejects a bad filter or page token with INVALID_ARGUMENT naming the field', async () => {
    const half = await grpcError(listVms({ filter: { readinessVerdict: pb.Verdict.VERDICT_BLOCKED } }));
    expect(half.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(half.details).toContain('filter.readiness_mode');
    const token = await grpcError(listVms({ pageToken: 'not-a-token' }));
    expect(token.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(token.details).toContain('page_token');
    const power = await grpcError(listVms({ filter: { powerState: 'asleep' } }));
    expect(power.details).toContain('filter.power_state');
  });

  it('GetVm of an unknown id is NOT_FOUND naming the id', async () => {
    const error = await grpcError(getVm({ site: pb.Site.SITE_PREM, id: 'vm-does-not-exist' }));
    expect(error.code).toBe(GrpcStatus.NOT_FOUND);
    expect(error.details).toContain('vm-does-not-exist');
  });

  it('AssessVm returns a verdict with findings for each of the three modes', async () => {
    const legacy = model.find((m) => m.name.startsWith('Legacy_'))!;
    const reply = await assessVm({ site: pb.Site.SITE_PREM, id: legacy.ref!.value });
    expect(reply.assessments.map((a) => a.mode)).toEqual([pb.MigrationMode.MIGRATION_MODE_WARM_VCD, pb.MigrationMode.MIGRATION_MODE_WARM_VCS, pb.MigrationMode.MIGRATION_MODE_COLD]);
    for (const a of reply.assessments) expect(a.verdict).not.toBe(pb.Verdict.VERDICT_UNSPECIFIED);
    const cold = reply.assessments[2]!;
    const nameFinding = (cold.findings ?? []).find((f) => f.ruleId === 'vm-name-invalid');
    expect(nameFinding?.severity).toBe(pb.Severity.SEVERITY_CRITICAL);
    expect(nameFinding?.message).toContain(legacy.name);
    expect(nameFinding?.remedy).not.toBe('');
    expect(cold.verdict).toBe(pb.Verdict.VERDICT_BLOCKED);
  });

  it('lists the infrastructure of both vCenters', async () => {
    const reply = await call<pb.IListInfraRequest, pb.ListInfraResponse>('ListInfra', { kinds: [pb.InfraKind.INFRA_KIND_DATASTORE, pb.InfraKind.INFRA_KIND_HOST] });
    for (const site of [pb.Site.SITE_PREM, pb.Site.SITE_CLOUD]) {
      const datastores = reply.objects.filter((o) => o.site === site && o.kind === pb.InfraKind.INFRA_KIND_DATASTORE);
      expect(datastores.length).toBeGreaterThan(0);
      expect(datastores.every((d) => Number(d.datastore?.freeBytes) > 0)).toBe(true);
      expect(reply.objects.some((o) => o.site === site && o.kind === pb.InfraKind.INFRA_KIND_HOST)).toBe(true);
    }
  });

  it('shows a power-off made in vCenter through GetVm within 5 s', async () => {
    const target = model.find((m) => m.powerOn)!;
    expect((await getVm({ site: pb.Site.SITE_PREM, id: target.ref!.value })).powerState).toBe('poweredOn');
    await powerOffHard(prem, target.ref!);
    const started = Date.now();
    while ((await getVm({ site: pb.Site.SITE_PREM, id: target.ref!.value })).powerState !== 'poweredOff') {
      if (Date.now() - started > 5_000) throw new Error('power-off not visible through GetVm within 5 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    target.powerOn = false;
  });

  it('after a restart the projection, rebuilt from the stream, is equal and nothing was stored twice', async () => {
    const before = await listAll({}, 1000);
    const infraBefore = await call<pb.IListInfraRequest, pb.ListInfraResponse>('ListInfra', {});
    await service.restart();
    const after = await listAll({}, 1000);
    expect(after.map((v) => pb.Vm.toObject(pb.Vm.fromObject(v)))).toEqual(before.map((v) => pb.Vm.toObject(pb.Vm.fromObject(v))));
    expect((await call<pb.IListInfraRequest, pb.ListInfraResponse>('ListInfra', {})).objects).toEqual(infraBefore.objects);
    const nc: NatsConnection = await nats.connect();
    try {
      const history = await (await JetStreamEventStore.open(nc)).load({ aggregate: 'inventory', id: 'prem' });
      const discovered = history.events.filter((e) => e.type === 'VmDiscovered').map((e) => pb.VmDiscovered.decode(e.payload).vm!.id);
      expect(discovered.sort()).toEqual(model.map((m) => m.ref!.value).sort());
      expect(history.events.filter((e) => e.type === 'VmChanged').length).toBe(1); // the power-off, once
    } finally {
      await nc.close();
    }
  });

  it('a missing vCenter variable stops start-up with exit 2 naming it', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'src', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', NATS_URL: nats.url, ...service.env, PREM_VCENTER_URL: '', OPS_PORT: '0', API_PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('PREM_VCENTER_URL is not set');
  });

  it('stops gracefully on SIGTERM (exit 0)', async () => {
    api.close();
    expect(await service.stop()).toBe(0);
  });
});
