// The shipped Prometheus rules (infra/prometheus/rules) against a real Prometheus scraping a real site:
// promtool accepts them, every service is scraped, a cold migration shows in the recording rules and the
// fleet metrics, and FerryServiceDown fires through Prometheus' own rule evaluation when a service is
// killed, and clears when it is back.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ferry } from '@ferry/proto';
import { FERRY_RULE_FILES, SITE_SERVICES, type PrometheusHandle } from '@ferry/testing';
import { prometheusFor } from './dashboard-checks';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { waitForEvent } from './cold-migration-checks';
import { makeSourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(300_000);

let env: ColdMigrationEnv;
let prometheus: PrometheusHandle;

const SERVICES = SITE_SERVICES;

beforeAll(async () => {
  env = await startColdMigrationEnv();
  prometheus = await prometheusFor(env, 1);
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await env?.stop();
});

/** Polls `probe` until it returns something, or fails with `what` and Prometheus' log. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms; Prometheus log: ${prometheus.log().slice(-1500)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('Prometheus rules for a Ferry site', () => {
  it('promtool accepts every rule file and the operators\' prometheus.yml', async () => {
    const { stdout } = await promisify(execFile)('promtool', ['check', 'rules', ...FERRY_RULE_FILES]);
    expect(stdout.match(/SUCCESS: \d+ rules found/g)).toHaveLength(FERRY_RULE_FILES.length);
    const config = await promisify(execFile)('promtool', ['check', 'config', join(dirname(FERRY_RULE_FILES[0]!), '..', 'prometheus.yml')]);
    expect(config.stdout).toMatch(/SUCCESS: .*prometheus\.yml is valid prometheus config file syntax/);
  });

  it('scrapes every service; a cold migration shows in the fleet metrics and the recording rules', async () => {
    const up = await eventually('every service scraped', async () => {
      const samples = await prometheus.query('up{job="ferry"} == 1');
      return samples.length === SERVICES.length ? samples : undefined;
    });
    expect(up.map((s) => s.metric.service).sort()).toEqual([...SERVICES].sort());

    const vm = await makeSourceVm(env, { name: 'observed', diskMiB: [64], cpus: 1, coresPerSocket: 1, memoryMB: 512, firmware: 'bios' });
    await eventually('the inventory shows the VM', () => env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).then((v) => (v.disks.length ? v : undefined), () => undefined));
    const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
      requestId: 'observed', name: 'observed', concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_COLD, vms: [{ vcenter: 'prem', moref: vm.moref }],
      networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
      storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
      target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
    });
    const migrationId = (await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id })).migrationIds[0]!;
    await waitForEvent(env, migrationId, ['MigrationCompleted', 'MigrationFailed'], 120_000);

    const completed = await eventually('ferry:migrations:by_phase shows the completed migration', async () => (await prometheus.query('ferry:migrations:by_phase{phase="completed"} >= 1'))[0]);
    expect(completed.value).toBeGreaterThanOrEqual(1);
    expect((await prometheus.query('ferry_migration_downtime_seconds_count'))[0]?.value).toBeGreaterThanOrEqual(1);
    // The copy moved bytes: prem-manager's wire rate was above zero in the last minute.
    expect((await prometheus.query('max_over_time(ferry:shipper_wire_bytes:rate1m[5m]) > 0')).length).toBe(1);
    expect((await prometheus.query('max_over_time(ferry:receiver_wire_bytes:rate1m[5m]) > 0')).length).toBe(1);
    // The event store's stream with its consumers; no limit set (-1) keeps FerryEventStreamNearLimit quiet.
    expect((await prometheus.query('ferry_event_stream{figure="consumers"}'))[0]?.metric.stream).toBe('FERRY_EVENTS');
    expect(await prometheus.query('ALERTS{alertname="FerryEventStreamNearLimit"}')).toEqual([]);
  });

  it('fires FerryServiceDown for a killed service through rule evaluation, and clears it when the service is back', async () => {
    await env.guestPrep.kill9();
    const firing = await eventually('FerryServiceDown firing for guest-prep', async () => {
      const alerts = await prometheus.alerts();
      return alerts.find((a) => a.labels.alertname === 'FerryServiceDown' && a.labels.service === 'guest-prep' && a.state === 'firing');
    }, 90_000);
    expect(firing.labels.severity).toBe('critical');
    // Only the killed service.
    expect((await prometheus.alerts()).filter((a) => a.labels.alertname === 'FerryServiceDown').map((a) => a.labels.service)).toEqual(['guest-prep']);
    await env.guestPrep.restart();
    await eventually('FerryServiceDown cleared', async () => ((await prometheus.alerts()).some((a) => a.labels.alertname === 'FerryServiceDown') ? undefined : true), 60_000);
  });
});
