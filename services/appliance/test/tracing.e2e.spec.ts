// OpenTelemetry across the site: every service exports its spans and metrics over OTLP/HTTP (the
// standard OTEL_* variables) to a receiver this test runs. One cold migration is one trace: the API call that planned
// it, each orchestration step, and prem-manager's StartTransfer and transfer sessions share the trace
// id, and that id is the one stored in every event of the migration.
import { ferry } from '@ferry/proto';
import { startOtlpReceiver, type OtlpReceiver } from '@ferry/testing';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { waitForEvent } from './cold-migration-checks';
import { makeSourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(240_000);

let receiver: OtlpReceiver;
let env: ColdMigrationEnv;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  env = await startColdMigrationEnv({}, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_METRIC_EXPORT_INTERVAL: '1000' });
}, 180_000);

afterAll(async () => {
  await env?.stop();
  await receiver?.stop();
});

describe('OpenTelemetry over OTLP', () => {
  it('one migration is one trace, from the API call through the steps to the data-plane sessions, and its events carry that trace id', async () => {
    const vm = await makeSourceVm(env, { name: 'traced', diskMiB: [32], cpus: 1, coresPerSocket: 1, memoryMB: 512, firmware: 'bios' });
    for (const deadline = Date.now() + 30_000; ; ) {
      const found = await env.call<api.IGetVmRequest, api.Vm>('GetVm', { vcenter: 'prem', moref: vm.moref }).catch(() => undefined);
      if ((found?.disks ?? []).length === 1) break;
      if (Date.now() > deadline) throw new Error(`the inventory did not show ${vm.moref}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const plan = await env.call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
      requestId: 'traced', name: 'traced', concurrency: 1, mode: mig.MigrationMode.MIGRATION_MODE_COLD, vms: [{ vcenter: 'prem', moref: vm.moref }],
      networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'VM Network' }],
      storageMap: [{ sourceDatastore: env.pair.prem.datastores[0]!.name, targetDatastore: env.pair.cloud.datastores[0]!.name }],
      target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
    });
    const migrationId = (await env.call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id })).migrationIds[0]!;
    await waitForEvent(env, migrationId, ['MigrationCompleted', 'MigrationFailed'], 120_000);

    const { events } = await env.call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId });
    const traceId = events[0]?.meta?.traceId ?? '';
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(events.filter((e) => e.meta?.traceId !== traceId).map((e) => e.typeName)).toEqual([]);
    expect(events.at(-1)?.typeName).toBe('MigrationCompleted');

    // The spans of that trace, as the services exported them (batched every 200 ms).
    const wanted = ['appliance: StartPlan', 'appliance: step CopyDisks', 'appliance: step CreateTargetVm', 'appliance: step CompleteMigration', 'prem-manager: ferry.dataplane.v1.Shipper/StartTransfer', 'prem-manager: transfer session'];
    const seen = (): string[] => receiver.spans().filter((s) => s.traceId === traceId).map((s) => `${s.service.replace(/^ferry-/, '')}: ${s.name}`);
    for (const deadline = Date.now() + 20_000; wanted.some((w) => !seen().some((s) => s.endsWith(w.split(': ')[1]!) && s.startsWith(w.split(': ')[0]!))) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const names = seen();
    for (const w of wanted) {
      const [service, name] = w.split(': ') as [string, string];
      expect({ wanted: w, found: names.some((s) => s.startsWith(`${service}:`) && s.endsWith(name)) }).toEqual({ wanted: w, found: true });
    }
    // The services' Prometheus metrics also arrive over OTLP: the fleet's and the data plane's.
    const point = (service: string, name: string) => receiver.points().filter((p) => p.service === `ferry-${service}` && p.name === name);
    // Metrics go out periodically: wait for an export made after the migration's completion was counted.
    const completedPoint = (): boolean => point('appliance', 'ferry_migrations').some((p) => p.kind === 'gauge' && p.attributes.phase === 'completed' && p.value >= 1);
    for (const deadline = Date.now() + 20_000; (!completedPoint() || !point('prem-manager', 'ferry_shipper_wire_bytes_sent_total').some((p) => p.value > 0)) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(completedPoint()).toBe(true);
    expect(point('prem-manager', 'ferry_shipper_wire_bytes_sent_total').some((p) => p.kind === 'sum' && p.value > 0)).toBe(true);
    process.stdout.write(`tracing: migration ${migrationId} is trace ${traceId}: ${names.length} spans from ${new Set(names.map((n) => n.split(':')[0])).size} services\n`);
  });
});
