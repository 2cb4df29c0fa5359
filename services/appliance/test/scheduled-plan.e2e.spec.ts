// A plan's scheduled start fires by itself, by the appliance's timer, also across a kill -9 of the
// appliance: one plan comes due while the appliance is down (it starts at once when the appliance is
// back), the other after the restart (it starts at its time). Two tiny cold VMs keep it cheap.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { waitForEvent } from './cold-migration-checks';
import { makeSourceVm, type SourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(240_000);

const CLI = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js');

/** Runs the built `ferry` CLI as the operator. */
function ferryCli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env.api.cliEnv('operator') } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let env: ColdMigrationEnv;

beforeAll(async () => {
  env = await startColdMigrationEnv();
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

async function untilInventoryShows(vm: SourceVm): Promise<void> {
  for (const deadline = Date.now() + 30_000; ; ) {
    const found = await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined);
    if ((found?.disks ?? []).length === vm.spec.diskMiB.length) return;
    if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function planRequest(vm: SourceVm, name: string, startAt: number): api.ICreatePlanRequest {
  return {
    requestId: name, name, concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_COLD, vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
    scheduledStart: { unixMillis: startAt },
  };
}

const getPlan = (planId: string): Promise<api.Plan> => env.call<api.IGetPlanRequest, api.Plan>('GetPlan', { planId });

/** Waits until the plan has its migration; returns it and when it was planned (MigrationPlanned's time). */
async function startedBySelf(planId: string, timeoutMs: number): Promise<{ migrationId: string; plannedAt: number }> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const [migrationId] = (await getPlan(planId).catch(() => undefined))?.migrationIds ?? [];
    if (migrationId) {
      const events = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId }).catch(() => undefined);
      const planned = events?.events.find((e) => e.typeName === 'MigrationPlanned');
      if (planned) return { migrationId, plannedAt: Number(planned.meta?.at?.unixMillis ?? 0) };
    }
    if (Date.now() > deadline) throw new Error(`plan ${planId} did not start by itself; appliance log:\n${env.appliance.log().split('\n').slice(-30).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('scheduled plan start', () => {
  it('refuses a scheduled start in the past, naming the field and the fix', async () => {
    const vm = await makeSourceVm(env, { name: 'sched-past', diskMiB: [4], cpus: 1, coresPerSocket: 1, memoryMB: 256, firmware: 'bios' });
    await untilInventoryShows(vm);
    await expect(env.call('CreatePlan', planRequest(vm, 'sched-past', Date.now() - 60_000))).rejects.toMatchObject({
      code: 3, details: expect.stringMatching(/^scheduled_start: .* is in the past \(the appliance's time is .*\); set a time ahead, or leave it unset and start the plan with StartPlan/),
    });
  });

  it('starts each plan by itself at its time, also when the appliance was killed (-9) and restarted in between', async () => {
    const [early, late] = await Promise.all([
      makeSourceVm(env, { name: 'sched-early', diskMiB: [4], cpus: 1, coresPerSocket: 1, memoryMB: 256, firmware: 'bios' }),
      makeSourceVm(env, { name: 'sched-late', diskMiB: [4], cpus: 1, coresPerSocket: 1, memoryMB: 256, firmware: 'bios' }),
    ]);
    await Promise.all([untilInventoryShows(early), untilInventoryShows(late)]);
    const now = Date.now();
    // "early" comes due while the appliance is down; "late" after it is back. Neither gets StartPlan.
    const earlyAt = now + 8_000;
    const lateAt = now + 30_000;
    const earlyPlan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', planRequest(early, 'sched-early', earlyAt));
    // The operator's way: ferry plan create --start-at, then ferry plans shows when it starts.
    const created = ferryCli(
      'plan', 'create', '--name', 'sched-late', '--request-id', 'sched-late', '--vm', late.moref, '--concurrency', '1', '--start-at', new Date(lateAt).toISOString(),
      '--network', 'VM Network=VM Network', '--storage', `${env.pair.prem.datastores[0]!.name}=${env.pair.cloud.datastores[0]!.name}`,
      '--folder', '/DC0/vm', '--resource-pool', '/DC0/host/DC0_C0/Resources', '--datacenter', 'DC0', '--json',
    );
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
    const latePlan = api.Plan.fromObject(JSON.parse(created.stdout) as Record<string, unknown>);
    const listed = ferryCli('plans');
    expect(listed.stdout).toMatch(new RegExp(`^${latePlan.id}\\s+scheduled\\s+sched-late\\s+1\\s+0\\s+\\S+\\s+${new Date(lateAt).toISOString()}$`, 'm'));
    expect([earlyPlan.status, Number(earlyPlan.scheduledStart?.unixMillis)]).toEqual([api.PlanStatus.PLAN_STATUS_SCHEDULED, earlyAt]);
    expect(latePlan.migrationIds).toEqual([]);

    await env.appliance.kill9();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, earlyAt + 1_000 - Date.now())));
    await env.appliance.restart();
    const backAt = Date.now();

    const first = await startedBySelf(earlyPlan.id, 30_000);
    // Due while the appliance was down: started as the appliance came back, not at the next periodic pass.
    expect(first.plannedAt).toBeGreaterThanOrEqual(earlyAt);
    expect(first.plannedAt).toBeLessThanOrEqual(backAt + 10_000);
    expect((await getPlan(latePlan.id)).migrationIds).toEqual([]);

    const second = await startedBySelf(latePlan.id, lateAt - Date.now() + 30_000);
    // Not before its time, and by its timer: within a few seconds of it (the re-drive safety net runs only every 60 s).
    expect(second.plannedAt).toBeGreaterThanOrEqual(lateAt);
    expect(second.plannedAt - Math.max(lateAt, backAt)).toBeLessThan(5_000);
    process.stdout.write(`scheduled starts: early due ${new Date(earlyAt).toISOString()}, planned ${new Date(first.plannedAt).toISOString()} (appliance back ${new Date(backAt).toISOString()}); late due ${new Date(lateAt).toISOString()}, planned ${new Date(second.plannedAt).toISOString()}\n`);
    expect(env.appliance.log()).toContain(`scheduler: start of plan ${latePlan.id} armed for ${new Date(lateAt).toISOString()}`);

    for (const { migrationId } of [first, second]) {
      const types = await waitForEvent(env, migrationId, ['MigrationCompleted', 'MigrationFailed'], 120_000);
      expect({ migrationId, last: types.at(-1) }).toEqual({ migrationId, last: 'MigrationCompleted' });
    }
    expect((await getPlan(earlyPlan.id)).status).toBe(api.PlanStatus.PLAN_STATUS_SUCCEEDED);
  });
});
