import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client as RawClient, Metadata, status as GrpcStatus, type Client, type ServiceError } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { makeTempDir, startApplianceWithAccess, startNats, startService, startVcsimPair, vcenterEnv, type ApiAccess, type HarnessRole, type NatsHandle, type ServiceHandle, type VcsimPair } from '@ferry/testing';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(120_000);

const CLI = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js');

let nats: NatsHandle;
let pair: VcsimPair;
let inventory: ServiceHandle;
let appliance: ServiceHandle;
let clients: Record<HarnessRole, Client>;
let access: ApiAccess;
let temp: { dir: string; cleanup: () => Promise<void> };

/** Calls the appliance's API as the operator e2e-tester (or as `who`), with `metadata` when given. */
function call<Req, Res>(method: string, request: Req, who: HarnessRole = 'operator', metadata = new Metadata()): Promise<Res> {
  const client = clients[who];
  const fn = (client as unknown as Record<string, (r: Req, m: Metadata, o: object, cb: (e: Error | null, v?: Res) => void) => void>)[method];
  return new Promise((resolve, reject) => fn!.call(client, request, metadata, { deadline: Date.now() + 20_000 }, (e, v) => (e ? reject(e) : resolve(v as Res))));
}

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to be refused');
}

/** Every prem VM, polling until the inventory's first sync delivered `expected` of them. */
async function premVms(expected: number): Promise<api.IVm[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await call<api.IListVmsRequest, api.ListVmsResponse>('ListVms', { vcenter: 'prem', pageSize: 1000 });
    if (reply.vms.length >= expected || Date.now() > deadline) return reply.vms;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A plan request for `vm` mapping each of its networks and datastores to the same name on the cloud (vcsim's default model has both). */
function planFor(vm: api.IVm, extra: Partial<api.ICreatePlanRequest> = {}): api.ICreatePlanRequest {
  const datastores = [...new Set((vm.disks ?? []).map((d) => /^\[([^\]]+)\]/.exec(d.datastorePath ?? '')?.[1] ?? ''))];
  return {
    name: 'wave 1',
    vms: [{ vcenter: 'prem', moref: vm.ref?.moref ?? '' }],
    mode: mig.MigrationMode.MIGRATION_MODE_COLD,
    networkMap: (vm.networks ?? []).map((n) => ({ sourceNetwork: n, targetNetwork: n })),
    storageMap: datastores.map((d) => ({ sourceDatastore: d, targetDatastore: d })),
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
    ...extra,
  };
}

/** Sends `body` as the request of `method` as it is, without encoding it: what a broken client puts on the wire. */
function rawCall(method: string, body: Buffer): Promise<Buffer> {
  const raw = new RawClient(access.address, access.credentials('operator'));
  const metadata = new Metadata();
  return new Promise<Buffer>((resolve, reject) =>
    raw.makeUnaryRequest(`/ferry.api.v1.Ferry/${method}`, (b: Buffer) => b, (b: Buffer) => b, body, metadata, { deadline: Date.now() + 20_000 }, (e, v) => (e ? reject(e) : resolve(v as Buffer))),
  ).finally(() => raw.close());
}

/** A refusal as the tests compare it. */
const answer = (error: ServiceError) => ({ code: error.code, details: error.details });
/** PHASE_COPYING_DISKS → "copying-disks": the phase as the migration's state names it. */
const phaseNameOf = (phase: number): string => (mig.Phase[phase] ?? '').replace('PHASE_', '').toLowerCase().replace(/_/g, '-');

/** Runs the built `ferry` CLI against the appliance with --json, as `who`. */
function ferryCliAs(who: HarnessRole, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...access.cliEnv(who) } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs the built `ferry` CLI against the appliance with --json, as the operator e2e-tester. */
const ferryCli = (...args: string[]) => ferryCliAs('operator', ...args);

beforeAll(async () => {
  [nats, pair] = await Promise.all([startNats(), startVcsimPair({ prem: { model: { vmsPerPool: 2 } } })]);
  temp = await makeTempDir('ferry-api-e2e-');
  // One site CA for both services (the appliance's API certificate and the services' event signatures).
  inventory = await startService('inventory', { NATS_URL: nats.url, API_HOST: '127.0.0.1', CA_DIR: join(temp.dir, 'site-ca'), ...vcenterEnv('PREM', pair.prem), ...vcenterEnv('CLOUD', pair.cloud) });
  ({ appliance, api: access } = await startApplianceWithAccess({ NATS_URL: nats.url, API_HOST: '127.0.0.1', INVENTORY_API_URL: `127.0.0.1:${inventory.ports.API_PORT}` }, temp.dir));
  clients = { admin: access.client('admin'), operator: access.client('operator'), viewer: access.client('viewer') };
});

afterAll(async () => {
  for (const client of Object.values(clients ?? {})) client.close();
  await appliance?.stop();
  await inventory?.stop();
  await pair?.stop();
  await nats?.stop();
  await temp?.cleanup();
});

describe('integrator API of the built appliance (inventory service, NATS, vcsim pair)', () => {
  it('lists, reads and assesses prem VMs through the inventory service', async () => {
    const vms = await premVms(pair.prem.vms);
    expect(pair.prem.vms).toBeGreaterThan(0);
    expect(vms.length).toBe(pair.prem.vms);
    expect(vms.every((vm) => vm.ref?.vcenter === 'prem' && /^vm-\d+$/.test(vm.ref.moref ?? ''))).toBe(true);
    expect(vms.every((vm) => (vm.disks ?? []).length > 0)).toBe(true);

    const moref = vms[0]!.ref!.moref!;
    const one = await call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref });
    expect(one.ref?.name).toBe(vms[0]!.ref!.name);
    const missing = await refusal(call('GetVm', { vcenter: 'prem', moref: 'vm-999999' }));
    expect(missing.code).toBe(GrpcStatus.NOT_FOUND);
    expect(missing.details).toContain('vm-999999');
    const assessment = await call<api.IAssessVmRequest, api.Assessment>('AssessVm', { vcenter: 'prem', moref, mode: mig.MigrationMode.MIGRATION_MODE_COLD });
    expect(assessment.vm?.moref).toBe(moref);
    expect(assessment.ready).toBe(!assessment.findings.some((f) => f.severity === api.Severity.SEVERITY_BLOCKER));
    const badSite = await refusal(call('ListVms', { vcenter: 'mars' }));
    expect(badSite.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(badSite.details).toMatch(/^vcenter: "mars"/);
  });

  it('refuses plans with an unknown VM, concurrency 0, a disk rate cap below 1 MiB/s, an unknown network or an unmapped datastore, naming the field', async () => {
    const [vm] = await premVms(pair.prem.vms);
    const unknown = await refusal(call('CreatePlan', planFor(vm!, { vms: [{ moref: 'vm-999999' }] })));
    expect(unknown.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(unknown.details).toContain('vms[0].moref');
    expect(unknown.details).toContain('vm-999999');
    const zero = await refusal(call('CreatePlan', planFor(vm!, { concurrency: 0 })));
    expect(zero.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(zero.details).toMatch(/^concurrency: /);
    const slow = await refusal(call('CreatePlan', planFor(vm!, { maxDiskBytesPerSecond: 1000 })));
    expect(slow.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(slow.details).toMatch(/^max_disk_bytes_per_second: must be at least 1048576 \(1 MiB\/s\), got 1000/);
    const network = await refusal(call('CreatePlan', planFor(vm!, { networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'no-such-net' }] })));
    expect(network.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(network.details).toMatch(/^network_map\[0\]\.target_network: "no-such-net"/);
    const storage = await refusal(call('CreatePlan', planFor(vm!, { storageMap: [] })));
    expect(storage.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(storage.details).toMatch(/^storage_map: source datastore "LocalDS_0"/);
  });

  it('creates, reads and starts a plan; the planned migration has its events with actor, command id and trace id', async () => {
    const [vm] = await premVms(pair.prem.vms);
    const wave = planFor(vm!, { requestId: 'e2e-wave-1', concurrency: 2, maxDiskBytesPerSecond: 50 * 2 ** 20 });
    const created = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', wave);
    expect(created.status).toBe(api.PlanStatus.PLAN_STATUS_DRAFT);
    const again = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', wave);
    expect(again.id).toBe(created.id);

    const read = await call<api.IGetPlanRequest, api.Plan>('GetPlan', { planId: created.id });
    expect({ name: read.name, concurrency: read.concurrency, cap: Number(read.maxDiskBytesPerSecond), vms: read.vms.map((v) => v.moref), names: read.vms.map((v) => v.name) })
      .toEqual({ name: 'wave 1', concurrency: 2, cap: 50 * 2 ** 20, vms: [vm!.ref!.moref], names: [vm!.ref!.name] });

    const started = await call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: created.id });
    expect(started.status).toBe(api.PlanStatus.PLAN_STATUS_RUNNING);
    expect(started.migrationIds).toHaveLength(1);
    const migrationId = started.migrationIds[0]!;

    const migration = await call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });
    expect({ phase: migration.phase, plan: migration.planId, vm: migration.sourceVm?.moref }).toEqual({ phase: mig.Phase.PHASE_PLANNED, plan: created.id, vm: vm!.ref!.moref });
    expect(migration.disks.map((d) => Number(d.capacityBytes))).toEqual((vm!.disks ?? []).map((d) => Number(d.capacityBytes)));

    const { events } = await call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
    expect(events.map((e) => e.typeName)).toEqual(['MigrationPlanned']);
    const [planned] = events;
    expect(planned!.meta?.actor).toEqual(expect.objectContaining({ kind: 'operator', id: 'e2e-tester' }));
    expect(planned!.meta?.causeCommandId).toBe(`plan-migration:${migrationId}`);
    expect(planned!.meta?.traceId).toMatch(/^[0-9a-f]{32}$/);
    const decoded = mig.MigrationPlanned.decode(planned!.payload ?? new Uint8Array());
    expect(decoded.planId).toBe(created.id);
    expect(Number(decoded.maxDiskBytesPerSecond)).toBe(50 * 2 ** 20); // the migration carries the plan's cap to its disk copies

    const cancelled = await call<api.ICancelMigrationRequest, api.Migration>('CancelMigration', { migrationId, reason: 'e2e: stop before any side effect' });
    expect(cancelled.phase).toBe(mig.Phase.PHASE_CANCELLED);
    const after = await call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
    expect(after.events.map((e) => e.typeName)).toEqual(['MigrationPlanned', 'MigrationCancelled']);
    expect(Number(after.events[1]!.sequence)).toBeGreaterThan(Number(after.events[0]!.sequence));
  });

  it('changes the disk rate cap of a plan and of its started migration (API and CLI); refuses a cap below 1 MiB/s and an unknown plan', async () => {
    const [vm] = await premVms(pair.prem.vms);
    const created = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planFor(vm!, { name: 'rate wave', requestId: 'e2e-rate', maxDiskBytesPerSecond: 8 * 2 ** 20 }));
    const draft = await call<api.ISetPlanDiskRateRequest, api.Plan>('SetPlanDiskRate', { planId: created.id, maxDiskBytesPerSecond: 16 * 2 ** 20 });
    expect(Number(draft.maxDiskBytesPerSecond)).toBe(16 * 2 ** 20);
    const slow = await refusal(call('SetPlanDiskRate', { planId: created.id, maxDiskBytesPerSecond: 1000 }));
    expect(slow.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(slow.details).toBe('max_disk_bytes_per_second: must be at least 1048576 (1 MiB/s), got 1000; it is in bytes per second — use 0 to lift the cap');
    const missing = await refusal(call('SetPlanDiskRate', { planId: 'plan-none', maxDiskBytesPerSecond: 0 }));
    expect(missing.code).toBe(GrpcStatus.NOT_FOUND);

    const started = await call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: created.id });
    const migrationId = started.migrationIds[0]!;
    const planned = (await call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId })).events[0]!;
    expect(Number(mig.MigrationPlanned.decode(planned.payload ?? new Uint8Array()).maxDiskBytesPerSecond)).toBe(16 * 2 ** 20); // planned under the changed cap

    const lifted = ferryCli('plan', 'set-rate', created.id, '0');
    expect(lifted.code).toBe(0);
    expect(Number((JSON.parse(lifted.stdout) as { maxDiskBytesPerSecond: string }).maxDiskBytesPerSecond)).toBe(0);
    const again = ferryCli('plan', 'set-rate', created.id, '0'); // the same cap again records nothing
    expect(again.code).toBe(0);
    const { events } = await call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
    const rateSets = events.filter((e) => e.typeName === 'DiskRateSet');
    expect(rateSets).toHaveLength(1);
    expect(Number(mig.DiskRateSet.decode(rateSets[0]!.payload ?? new Uint8Array()).maxDiskBytesPerSecond)).toBe(0);
    expect(rateSets[0]!.meta?.actor).toEqual(expect.objectContaining({ kind: 'operator', id: 'e2e-tester' }));
    await call<api.ICancelMigrationRequest, api.Migration>('CancelMigration', { migrationId, reason: 'e2e: rate checked' });
  });

  it('drives the same API through the ferry CLI: vms, a refused plan (exit 1 naming the field), a created plan and its events', async () => {
    const vms = await premVms(pair.prem.vms);
    const listed = ferryCli('vms');
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.stdout) as { vms: { ref: { moref: string } }[] };
    expect(json.vms.map((v) => v.ref.moref).sort()).toEqual(vms.map((v) => v.ref?.moref).sort());

    const vm = vms[0]!;
    const storage = (vm.disks ?? []).map((d) => /^\[([^\]]+)\]/.exec(d.datastorePath ?? '')?.[1]).filter((d, i, all) => d && all.indexOf(d) === i);
    const base = ['plan', 'create', '--name', 'cli wave', '--vm', vm.ref!.moref!, ...storage.flatMap((d) => ['--storage', `${d}=${d}`])];
    const zero = ferryCli(...base, '--concurrency', '0');
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('concurrency: must be at least 1');
    const unknownVm = ferryCli('plan', 'create', '--name', 'cli wave', '--vm', 'vm-424242');
    expect(unknownVm.code).toBe(1);
    expect(unknownVm.stderr).toContain('vms[0].moref');

    const created = ferryCli(...base, '--request-id', 'cli-wave', '--max-disk-rate', '40');
    expect(created.code).toBe(0);
    const plan = JSON.parse(created.stdout) as { id: string; status: string; maxDiskBytesPerSecond: string };
    expect(plan.status).toBe('PLAN_STATUS_DRAFT');
    expect(Number(plan.maxDiskBytesPerSecond)).toBe(40 * 2 ** 20);
    const started = ferryCli('plan', 'start', plan.id);
    expect(started.code).toBe(0);
    const [migrationId] = (JSON.parse(started.stdout) as { migrationIds: string[] }).migrationIds;
    const events = ferryCli('events', migrationId!);
    expect(events.code).toBe(0);
    const stored = (JSON.parse(events.stdout) as { events: { typeName: string; meta: { actor: { kind: string; id: string } } }[] }).events;
    expect(stored.map((e) => [e.typeName, `${e.meta.actor.kind}:${e.meta.actor.id}`])).toEqual([['MigrationPlanned', 'operator:e2e-tester']]);
  });
});

describe('listing plans and migrations, cancelling a plan', () => {
  it('lists plans oldest first and migrations by plan, phase and VM, a page at a time; CancelPlan stops a plan from starting more', async () => {
    const [vm] = await premVms(pair.prem.vms);
    const first = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planFor(vm!, { name: 'list one', requestId: 'e2e-list-1' }));
    const second = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planFor(vm!, { name: 'list two', requestId: 'e2e-list-2' }));
    // Every plan, by pages of one: the two new ones come last, in creation order.
    const ids: string[] = [];
    let token = '';
    let total = 0;
    do {
      const page = await call<api.IListPlansRequest, api.ListPlansResponse>('ListPlans', { pageSize: 1, pageToken: token });
      ids.push(...page.plans.map((p) => p.id ?? ''));
      token = page.nextPageToken;
      total = page.totalSize;
    } while (token);
    expect(ids).toHaveLength(total);
    expect(ids.slice(-2)).toEqual([first.id, second.id]);

    const [migrationId] = (await call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: first.id })).migrationIds;
    const ofPlan = await call<api.IListMigrationsRequest, api.ListMigrationsResponse>('ListMigrations', { planId: first.id });
    expect(ofPlan.migrations.map((m) => [m.id, m.phase])).toEqual([[migrationId, mig.Phase.PHASE_PLANNED]]);
    await call<api.ICancelMigrationRequest, api.Migration>('CancelMigration', { migrationId, reason: 'e2e: list' });
    const cancelled = await call<api.IListMigrationsRequest, api.ListMigrationsResponse>('ListMigrations', { phase: mig.Phase.PHASE_CANCELLED, vmMoref: vm!.ref!.moref, pageSize: 500 });
    expect(cancelled.migrations.map((m) => m.id)).toContain(migrationId);
    expect(cancelled.migrations.every((m) => m.phase === mig.Phase.PHASE_CANCELLED && m.sourceVm?.moref === vm!.ref!.moref)).toBe(true);
    expect((await call<api.IListMigrationsRequest, api.ListMigrationsResponse>('ListMigrations', { planId: first.id, phase: mig.Phase.PHASE_COMPLETED })).migrations).toEqual([]);

    const stopped = await call<api.ICancelPlanRequest, api.Plan>('CancelPlan', { planId: second.id, reason: 'e2e: not this wave' });
    expect(stopped.status).toBe(api.PlanStatus.PLAN_STATUS_CANCELLED);
    expect(answer(await refusal(call('StartPlan', { planId: second.id })))).toEqual({ code: GrpcStatus.FAILED_PRECONDITION, details: expect.stringMatching(/cancelled/) });
    expect(answer(await refusal(call('ListPlans', { pageToken: 'bm90LWEtdG9rZW4' })))).toEqual({ code: GrpcStatus.INVALID_ARGUMENT, details: expect.stringMatching(/^page_token: is not a token returned by a previous page/) });
    // The CLI lists them too (--json here: every page followed into one reply).
    const plans = ferryCli('plans');
    expect(plans.code).toBe(0);
    expect((JSON.parse(plans.stdout) as { plans: Array<{ id: string; status: string }> }).plans.find((p) => p.id === second.id)?.status).toBe('PLAN_STATUS_CANCELLED');
    const migrations = ferryCli('migrations', '--plan', first.id, '--phase', 'cancelled');
    expect(migrations.code).toBe(0);
    expect((JSON.parse(migrations.stdout) as { migrations: Array<{ id: string }> }).migrations.map((m) => m.id)).toEqual([migrationId]);
  });
});

describe('watching a plan', () => {
  it('ferry plan watch follows every migration of a plan (WatchPlan) and ends, exit 1, once one is cancelled and the plan with its queued one', async () => {
    const vms = await premVms(pair.prem.vms);
    const plan = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', { ...planFor(vms[0]!, { name: 'watched', requestId: 'e2e-watched', concurrency: 1 }), vms: vms.slice(0, 2).map((vm) => ({ vcenter: 'prem', moref: vm.ref?.moref ?? '' })) });
    const started = await call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id });
    expect(started.migrationIds).toHaveLength(2);
    const [first] = started.migrationIds;
    const watcher = spawn(process.execPath, [CLI, 'plan', 'watch', plan.id], { env: { ...process.env, ...access.cliEnv('viewer') } });
    let out = '';
    watcher.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => watcher.on('exit', (code) => resolve(code)));
    // The first migration is planned (concurrency 1): the watch shows it, the second is still queued.
    for (const deadline = Date.now() + 15_000; !out.includes(`${first}`) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    expect(out).toMatch(new RegExp(`^${first} \\S+ \\(.+\\): planned$`, 'm'));
    await call<api.ICancelMigrationRequest, api.Migration>('CancelMigration', { migrationId: first, reason: 'e2e: watch' });
    await call<api.ICancelPlanRequest, api.Plan>('CancelPlan', { planId: plan.id, reason: 'e2e: watch' });
    expect(await exited).toBe(1);
    expect(out).toMatch(new RegExp(`^${first} .*: cancelled$`, 'm'));
    expect(out).toMatch(/^plan \S+: 0 of 1 migration\(s\) completed$/m);
    // A plan not started has nothing to watch.
    const draft = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planFor(vms[0]!, { name: 'not started', requestId: 'e2e-not-started' }));
    const refused = spawnSync(process.execPath, [CLI, 'plan', 'watch', draft.id], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...access.cliEnv('viewer') } });
    expect({ code: refused.status, stderr: refused.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/is not started: it has no migrations to watch yet; StartPlan first/) });
  });
});

describe('audit replay and export', () => {
  it('rebuilds a migration as it stood at a sequence, equals the live read model at the end, and exports the events with their hash chain (API and CLI)', async () => {
    const [vm] = await premVms(pair.prem.vms);
    const plan = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planFor(vm!, { name: 'audited', requestId: 'e2e-audited' }));
    const migrationId = (await call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id })).migrationIds[0] ?? '';
    await call<api.ICancelMigrationRequest, api.Migration>('CancelMigration', { migrationId, reason: 'e2e: audit' });
    const { events } = await call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
    const [planned, cancelled] = events.map((e) => Number(e.sequence));

    const at = async (untilSequence: number) => (await call<api.IReplayAuditRequest, api.ReplayAuditResponse>('ReplayAudit', { untilSequence, aggregateId: migrationId }, 'admin')).aggregates;
    expect((await at(planned!)).map((a) => [a.aggregate, a.id, (a.summary ?? '').split(' ')[0], Number(a.version)])).toEqual([['migration', migrationId, 'planned', planned]]);
    expect((await at(cancelled! - 1))[0]?.summary).toMatch(/^planned/);
    expect((await at(cancelled!))[0]?.summary).toMatch(/^cancelled/);

    // The whole stream: every migration and plan, each equal to what the live API answers.
    const whole = await call<api.IReplayAuditRequest, api.ReplayAuditResponse>('ReplayAudit', {}, 'admin');
    const replayedMigrations = whole.aggregates.filter((a) => a.aggregate === 'migration');
    expect(replayedMigrations.length).toBeGreaterThan(0);
    for (const replayed of replayedMigrations) {
      const live = await call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: replayed.id ?? '' });
      expect({ id: replayed.id, phase: (JSON.parse(replayed.stateJson ?? '{}') as { phase: string }).phase, version: Number(replayed.version) }).toEqual({ id: live.id, phase: phaseNameOf(live.phase), version: Number(live.version) });
    }
    expect(whole.aggregates.find((a) => a.id === plan.id)?.summary).toBe('started "audited" (1 VM(s))');

    // ferry audit replay / export through the CLI.
    const replay = ferryCliAs('admin', 'audit', 'replay', '--until', String(planned), '--aggregate', migrationId);
    expect(replay.code).toBe(0);
    expect((JSON.parse(replay.stdout) as { aggregates: Array<{ summary: string }> }).aggregates[0]?.summary).toMatch(/^planned/);
    const exported = spawnSync(process.execPath, [CLI, 'audit', 'export', '--aggregate', migrationId], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...access.cliEnv('admin') } });
    expect({ code: exported.status, stderr: exported.stderr }).toEqual({ code: 0, stderr: 'exported 2 event(s)\n' });
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { typeName: string; hash: string; previousHash: string; sequence: number; payload: string });
    expect(lines.map((l) => [l.typeName, l.sequence])).toEqual([['MigrationPlanned', planned], ['MigrationCancelled', cancelled]]);
    expect(lines[0]!.previousHash).toBe('');
    expect(lines[1]!.previousHash).toBe(lines[0]!.hash);
    expect(mig.MigrationPlanned.decode(Buffer.from(lines[0]!.payload, 'base64')).planId).toBe(plan.id);
    // The chains check over the API, as ferry audit verify makes it over NATS.
    const status = await call<api.IGetAuditStatusRequest, api.AuditStatus>('GetAuditStatus', {}, 'admin');
    expect({ intact: status.intact, findings: status.findings, stream: status.stream }).toEqual({ intact: true, findings: [], stream: 'FERRY_EVENTS' });
    expect(Number(status.lastSequence)).toBeGreaterThanOrEqual(cancelled!);
    const cliStatus = spawnSync(process.execPath, [CLI, 'audit', 'status'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...access.cliEnv('admin') } });
    expect({ code: cliStatus.status, stdout: cliStatus.stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/^intact: FERRY_EVENTS has \d+ messages/) });
  });
});

describe('validation of API requests (README "Validation of API requests"), through a real client', () => {
  const invalid = (details: string | RegExp) => ({ code: GrpcStatus.INVALID_ARGUMENT, details: typeof details === 'string' ? details : expect.stringMatching(details) });

  it('refuses SetPlanDiskRate on a plan that has ended (its migrations all cancelled) FAILED_PRECONDITION, recording nothing', async () => {
    const [vm] = await premVms(pair.prem.vms);
    const created = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planFor(vm!, { name: 'ended wave', requestId: 'e2e-ended' }));
    const [migrationId] = (await call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: created.id })).migrationIds;
    await call<api.ICancelMigrationRequest, api.Migration>('CancelMigration', { migrationId, reason: 'e2e: end the plan' });
    const refused = await refusal(call('SetPlanDiskRate', { planId: created.id, maxDiskBytesPerSecond: 16 * 2 ** 20 }));
    expect(answer(refused)).toEqual({ code: GrpcStatus.FAILED_PRECONDITION, details: expect.stringMatching(new RegExp(`^plan ${created.id} has ended: each of its migrations completed, failed or was cancelled.*RetryMigration`)) });
    expect(Number((await call<api.IGetPlanRequest, api.Plan>('GetPlan', { planId: created.id })).maxDiskBytesPerSecond)).toBe(0);
  });

  it('refuses plan names with NUL, other controls or bidi controls, longer than 200 characters, path-like, or already in use', async () => {
    const [vm] = await premVms(pair.prem.vms);
    const named = (name: string) => refusal(call('CreatePlan', planFor(vm!, { name })));
    expect(answer(await named('wave\u00001'))).toEqual(invalid(/^name: "wave\\u00001" contains the control character U\+0000 at character 5; remove it/));
    expect(answer(await named('wave\u001b[2J'))).toEqual(invalid(/^name: .*U\+001B/));
    expect(answer(await named('invoice\u202egpj.exe'))).toEqual(invalid(/^name: .* contains the bidirectional control U\+202E/));
    expect(answer(await named('a\u2066b'))).toEqual(invalid(/^name: .*U\+2066/));
    expect(answer(await named('a\u200eb'))).toEqual(invalid(/^name: .*U\+200E/));
    expect(answer(await named('w'.repeat(201)))).toEqual(invalid(/^name: is 201 characters long, more than 200 \("w{60}…"\); use a short label/));
    expect(answer(await named('../../etc/passwd'))).toEqual(invalid('name: "../../etc/passwd" contains "/"; a plan name is a label, not a path: use e.g. "wave 1" or "finance db"'));
    expect(answer(await named('a\\b'))).toEqual(invalid(/^name: .* contains "\\"/));

    const first = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planFor(vm!, { name: 'only once', requestId: 'e2e-name-1' }));
    const second = await refusal(call('CreatePlan', planFor(vm!, { name: 'only once', requestId: 'e2e-name-2' })));
    expect(answer(second)).toEqual(invalid(`name: plan ${first.id} is already named "only once"; choose another name, or send that plan's request_id to get it again`));
    const retried = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planFor(vm!, { name: 'only once', requestId: 'e2e-name-1' }));
    expect(retried.id).toBe(first.id); // the caller's retry lands on its plan
  });

  it('refuses a request_id over 128 characters or with a control character', async () => {
    const [vm] = await premVms(pair.prem.vms);
    expect(answer(await refusal(call('CreatePlan', planFor(vm!, { name: 'rid wave', requestId: 'r'.repeat(129) }))))).toEqual(invalid(/^request_id: is 129 characters long, more than 128/));
    expect(answer(await refusal(call('CreatePlan', planFor(vm!, { name: 'rid wave', requestId: 'abc\n' }))))).toEqual(invalid(/^request_id: "abc\\u000a" contains the control character U\+000A/));
  });

  it('refuses a scheduled_start before 2000 or more than 10 years ahead', async () => {
    const [vm] = await premVms(pair.prem.vms);
    const at = (unixMillis: number) => refusal(call('CreatePlan', planFor(vm!, { name: 'scheduled wave', scheduledStart: { unixMillis } })));
    expect(answer(await at(Date.UTC(1999, 11, 31)))).toEqual(invalid(/^scheduled_start: 1999-12-31T00:00:00.000Z \(946598400000 ms\) is before 2000-01-01; send unix milliseconds/));
    expect(answer(await at(Date.now() + 11 * 365.25 * 86_400_000))).toEqual(invalid(/^scheduled_start: .* is more than 10 years ahead/));
  });

  it("refuses a target folder, resource pool or datacenter with a '..' segment, a control character, or not on the cloud vCenter", async () => {
    const [vm] = await premVms(pair.prem.vms);
    const target = { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' };
    const placed = (over: Partial<typeof target>) => refusal(call('CreatePlan', planFor(vm!, { name: 'placed wave', target: { ...target, ...over } })));
    expect(answer(await placed({ folder: '/DC0/vm/../../etc' }))).toEqual(invalid(/^target\.folder: "\/DC0\/vm\/\.\.\/\.\.\/etc" has a "\.\." segment/));
    expect(answer(await placed({ resourcePool: '/DC0/host/DC0_C0/Resources\u0000' }))).toEqual(invalid(/^target\.resource_pool: .*U\+0000/));
    expect(answer(await placed({ datacenter: '../DC0' }))).toEqual(invalid(/^target\.datacenter: .* has a "\.\." segment/));
    expect(answer(await placed({ folder: '/DC0/vm/nowhere' }))).toEqual(invalid(/^target\.folder: "\/DC0\/vm\/nowhere" is not a VM folder on the cloud vCenter; use one of .*"\/DC0\/vm"/));
    expect(answer(await placed({ resourcePool: '/DC0/host/DC0_C0/NoSuchPool' }))).toEqual(invalid(/^target\.resource_pool: .* is not a resource pool on the cloud vCenter; use one of .*"\/DC0\/host\/DC0_C0\/Resources"/));
    expect(answer(await placed({ datacenter: 'DC9' }))).toEqual(invalid('target.datacenter: "DC9" is not a datacenter on the cloud vCenter; use one of "/DC0", or leave it empty for the site\'s default'));
  });

  it('caps concurrency at 100 and shows a uint64 of 2^64-1 exactly', async () => {
    const [vm] = await premVms(pair.prem.vms);
    expect(answer(await refusal(call('CreatePlan', planFor(vm!, { name: 'capped wave', concurrency: 2 ** 31 - 1 }))))).toEqual(
      invalid('concurrency: must be at most 100, got 2147483647; set how many VMs may migrate at once (1 to 100), or leave it unset for 8'),
    );
    const max = '18446744073709551615' as unknown as number; // protobufjs encodes the decimal string exactly
    expect(answer(await refusal(call('CreatePlan', planFor(vm!, { name: 'capped wave', maxDiskBytesPerSecond: max }))))).toEqual(invalid(/^max_disk_bytes_per_second: must be at most 1099511627776, got 18446744073709551615;/));
    expect(answer(await refusal(call('SetPlanDiskRate', { planId: 'plan-1', maxDiskBytesPerSecond: max })))).toEqual(invalid(/^max_disk_bytes_per_second: must be at most 1099511627776, got 18446744073709551615;/));
  });

  it('refuses a truncated protobuf body (0a 05 41) INVALID_ARGUMENT instead of reading plan id "A"', async () => {
    const refused = await refusal(rawCall('GetPlan', Buffer.from([0x0a, 0x05, 0x41])));
    expect(answer(refused)).toEqual(invalid('request: the 3-byte body is not a valid ferry.api.v1.GetPlanRequest (index out of range: 2 + 5 > 3); send the complete protobuf encoding of the message'));
  });

  it('does not trust a client-set x-ferry-actor: the plan\'s event names the authenticated operator', async () => {
    const [vm] = await premVms(pair.prem.vms);
    const claimed = new Metadata();
    claimed.set('x-ferry-actor', 'operator:mallory');
    const plan = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planFor(vm!, { name: 'actor wave', requestId: 'e2e-actor' }), 'operator', claimed);
    const exported: api.AuditEvent[] = [];
    const stream = clients.admin.makeServerStreamRequest('/ferry.api.v1.Ferry/ExportAudit', (r: api.IExportAuditRequest) => Buffer.from(api.ExportAuditRequest.encode(r).finish()), (b: Buffer) => api.AuditEvent.decode(b), { aggregateId: plan.id });
    await new Promise<void>((resolve, reject) => stream.on('data', (e: api.AuditEvent) => exported.push(e)).on('end', resolve).on('error', reject));
    expect(exported.map((e) => [e.typeName, e.actor])).toEqual([['PlanCreated', 'operator:e2e-tester']]);
  });
});
