// The downtime prediction and the scheduled cutover of a pre-copy migration, end to end: a cold migration
// and a short pre-copy one (cut over after its first delta) first give the site its step history, the
// final sync's re-hash of the source included; then a pre-copy migration runs while a writer changes its
// disk at a steady rate. GetMigration predicts its cutover live, ferry plan advise's RPC advises per VM, a cutover
// scheduled ahead fires by itself, DowntimePredicted is recorded at it, and the prediction lands within 30 %
// (or 1.5 s) of the measured downtime (both printed). One site, 256 MiB disks, no guest boots.
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { ferry } from '@ferry/proto';
import { eventTypes, waitForEvent } from './cold-migration-checks';
import { recorded, startPrecopy, syncCompleted, MiB, precopySite, precopyVmSpec } from './precopy-support';
import { makeSourceVm, type SourceVm, type SourceVmSpec } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(300_000);

/** How far off a prediction may be when 30 % of the downtime is less than this. */
const ABSOLUTE_TOLERANCE_MS = 1500;

const INTERVAL_S = 5;
const DISK_MIB = 256;

const site = precopySite();

const vmSpec = (name: string): SourceVmSpec => precopyVmSpec(name, DISK_MIB);
const getMigration = (migrationId: string): Promise<api.Migration> => site.env().call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });

/** Touches 2 random 1 MiB chunks of the VM's disk a second, as a running guest would, until stopped. */
function steadyWriter(vm: SourceVm): { stop(): Promise<void> } {
  let stopped = false;
  const done = (async () => {
    const handle = await open(vm.diskFiles[0]!.replace(/\.vmdk$/, '-flat.vmdk'), 'r+');
    try {
      while (!stopped) {
        for (let i = 0; i < 2; i++) await handle.write(randomBytes(4096), 0, 4096, Math.floor(Math.random() * DISK_MIB) * MiB + 8192);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } finally {
      await handle.close();
    }
  })();
  return { stop: async () => void ((stopped = true), await done) };
}

async function coldMigration(vm: SourceVm): Promise<void> {
  for (const deadline = Date.now() + 30_000; ((await site.env().call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined))?.disks ?? []).length !== 1; ) {
    if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const plan = await site.env().call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
    requestId: 'prediction-cold', name: 'prediction-cold', concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_COLD, vms: [{ vcenter: 'prem', moref: vm.moref }],
    networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
    storageMap: [{ sourceDatastore: site.env().pair.prem.datastores[0]!.name, targetDatastore: site.env().pair.cloud.datastores[0]!.name }],
    target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
  });
  const [id] = (await site.env().call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id })).migrationIds;
  expect((await waitForEvent(site.env(), id!, ['MigrationCompleted', 'MigrationFailed'], 120_000)).at(-1)).toBe('MigrationCompleted');
}

describe('pre-copy downtime prediction and scheduled cutover', () => {
  it('predicts the cutover live, advises, cuts over by itself at the scheduled time, records the prediction, and is within 30 % (or 1.5 s) of the measured downtime', async () => {
    await coldMigration(await makeSourceVm(site.env(), vmSpec('prediction-cold')));
    const historyVm = await makeSourceVm(site.env(), vmSpec('prediction-history'));
    const first = await startPrecopy(site.env(), historyVm, 'prediction-history', INTERVAL_S);
    const historyWriter = steadyWriter(historyVm);
    try {
      await syncCompleted(site.env(), first, 3, 120_000);
      await site.env().call<api.ICutoverRequest, api.Migration>('Cutover', { migrationId: first, reason: 'e2e: history for the prediction' });
    } finally {
      await historyWriter.stop();
    }
    expect((await waitForEvent(site.env(), first, ['MigrationCompleted', 'MigrationFailed'], 120_000)).at(-1)).toBe('MigrationCompleted');
    // Asked for by the Cutover RPC: the prediction is recorded too, next to the measured downtime.
    const history = await getMigration(first);
    expect({ recorded: history.downtime?.recorded, measured: Number(history.downtime?.measuredMillis ?? 0) > 0 }).toEqual({ recorded: true, measured: true });

    const vm = await makeSourceVm(site.env(), vmSpec('prediction-precopy'));
    const id = await startPrecopy(site.env(), vm, 'prediction-precopy', INTERVAL_S);
    const writer = steadyWriter(vm);
    let at = 0;
    try {
      await syncCompleted(site.env(), id, 4, 180_000); // the full sync and three delta syncs
      const live = await getMigration(id);
      expect({ predicted: Number(live.downtime?.predicted?.downtimeMillis ?? 0) > 0, recorded: live.downtime?.recorded, measured: Number(live.downtime?.measuredMillis ?? 0) }).toEqual({ predicted: true, recorded: false, measured: 0 });

      const advice = await site.env().call<api.IAdvisePlanRequest, api.PlanAdvice>('AdvisePlan', { planId: live.planId });
      expect(advice.vms).toHaveLength(1);
      expect({ migrationId: advice.vms[0]!.migrationId, precopy: Number(advice.vms[0]!.precopy?.downtimeMillis ?? 0) > 0, advice: advice.vms[0]!.advice }).toEqual({
        migrationId: id, precopy: true, advice: expect.stringMatching(/^(precopy|cold|warm)$/),
      });
      expect(advice.vms[0]!.reason).not.toBe('');

      // A cutover time in the past is refused naming the field; one ahead fires by itself.
      await expect(site.env().call('ScheduleCutover', { migrationId: id, at: { unixMillis: Date.now() - 60_000 } })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/^at: .* is in the past/) });
      at = Date.now() + 3_000;
      const scheduled = await site.env().call<api.IScheduleCutoverRequest, api.Migration>('ScheduleCutover', { migrationId: id, at: { unixMillis: at } });
      expect(Number(scheduled.downtime?.cutoverScheduledAt?.unixMillis)).toBe(at);
      await waitForEvent(site.env(), id, ['CutoverRequested'], 30_000);
    } finally {
      // The guest stops writing as it shuts down.
      await writer.stop();
    }
    // Asked for by the scheduler at its time, not before.
    const [request] = await recorded(site.env(), id, 'CutoverRequested');
    expect(request!.meta.at).toBeGreaterThanOrEqual(at);
    expect(request!.reason).toBe('the scheduled cutover time came');
    expect((await waitForEvent(site.env(), id, ['MigrationCompleted', 'MigrationFailed'], 120_000)).at(-1)).toBe('MigrationCompleted');
    expect(await eventTypes(site.env(), id)).toContain('DowntimePredicted');

    const done = await getMigration(id);
    const predicted = done.downtime!.predicted!;
    const shutdown = Number(predicted.steps?.find((s) => s.step === 'shutdown')?.millis ?? 0);
    // MigrationCompleted's downtime starts once the source is off: compare it with the prediction past the shutdown.
    const predictedMs = Number(predicted.downtimeMillis) - shutdown;
    const measuredMs = Number(done.downtime!.measuredMillis);
    const error = (predictedMs - measuredMs) / measuredMs;
    process.stdout.write(`pre-copy downtime (source off → target on): predicted ${predictedMs} ms, measured ${measuredMs} ms, error ${(error * 100).toFixed(1)} %; steps ${JSON.stringify(predicted.steps)}\n`);
    for (const [name, migrationId] of [['history', first], ['measured', id]] as const) {
      const syncs = (await recorded(site.env(), migrationId, 'DeltaSyncCompleted')).map((d) => `g${d.generation}${d.final ? ' final' : ''}: ${d.bytes} B in ${d.durationMs} ms`);
      process.stdout.write(`${name} syncs: ${syncs.join('; ')}\n`);
    }
    expect(done.downtime!.recorded).toBe(true);
    // Within 30 %, or within 1.5 s: here the downtime is about 2 s, most of it the final sync, whose fixed cost
    // varies by a few hundred ms between runs on this 2-core machine (fresh-clone runs: history's final sync 2.9 s
    // for 4 MiB, the measured one 1.8 s for 7 MiB; errors of 0.3 %, 23.8 % and 53 %). One CI run's 86 % came from
    // the model (a least-squares line through deltas of 9 and 10 MiB, a free re-hash read as none), since mended;
    // 2.4-4.0 % after it. A prediction a second off for a 2 s cutover still schedules the window right.
    expect({ error: Math.abs(error) <= 0.3 || Math.abs(predictedMs - measuredMs) <= ABSOLUTE_TOLERANCE_MS, predictedMs, measuredMs }).toEqual({ error: true, predictedMs, measuredMs });
  });
});
