// Issue 21's "reads that leave nothing behind", through the integrator API: GetMigration calls on a
// live migration (what every dashboard and integrator polls) leave the number of consumers on
// FERRY_EVENTS where it was before them; the migration then completes as usual. 10,000 calls under
// `npm run test:faults` (FERRY_FAULT_FULL=1, about 10 minutes on a loaded 2-core machine); 1,000 in `npm test`.
import { ferry } from '@ferry/proto';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { copyUnderWay, eventConsumers, expectRecovered, faultVerdict, startThrottledMigration } from './fault-migrations';
import { waitForEvent } from './cold-migration-checks';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(1_800_000);

const CALLS = process.env.FERRY_FAULT_FULL === '1' ? 10_000 : 1_000;
/** Callers at once, as a dashboard and a few integrators polling would. */
const CALLERS = 4;

let env: ColdMigrationEnv;

beforeAll(async () => {
  env = await startColdMigrationEnv();
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

it(`${CALLS} GetMigration calls on a live migration leave the FERRY_EVENTS consumers as they were`, async () => {
  // 1 MiB/s (the least cap a plan takes): the copy of ~45 MiB goes on while the calls start; lifted afterwards.
  const { id, vm, planId } = await startThrottledMigration(env, 'polled', 1024 * 1024);
  await copyUnderWay(env, id);
  const before = await eventConsumers(env);
  let next = 0;
  const phases = new Set<string>();
  const caller = async (): Promise<void> => {
    while (next < CALLS) {
      next++;
      const migration = await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id });
      phases.add(mig.Phase[migration.phase] ?? String(migration.phase));
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CALLERS }, caller));
  process.stdout.write(`${CALLS} GetMigration calls in ${((Date.now() - started) / 1000).toFixed(1)} s by ${CALLERS} callers; FERRY_EVENTS consumers ${before} before\n`);
  expect(phases).toContain('PHASE_COPYING_DISKS');
  // Nothing piled up: each read deleted its consumer (the migration's own may have gone if it ended meanwhile).
  const after = await eventConsumers(env);
  process.stdout.write(`FERRY_EVENTS consumers ${after} after the calls; phases seen: ${[...phases].join(', ')}\n`);
  expect(after).toBeLessThanOrEqual(before);

  // 10,000 calls may outlast the capped copy (each load reads a longer aggregate as the migration goes on):
  // a plan that has ended meanwhile refuses the new rate with FAILED_PRECONDITION, and there is nothing to lift.
  await env.call<api.ISetPlanDiskRateRequest, api.Plan>('SetPlanDiskRate', { planId, maxDiskBytesPerSecond: 0 }).catch((error: { code?: number }) => {
    if (error.code !== 9) throw error;
  });
  await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed'], 300_000);
  expectRecovered(await faultVerdict(env, id, vm));
  expect(await eventConsumers(env)).toBeLessThanOrEqual(before);
});
