// Faults in the middle of a cold migration: each manager frozen by SIGSTOP mid-copy (30 s under
// `npm run test:faults`, 6 s in `npm test`) then continued; a kill -9 of the appliance together with
// prem-manager, both restarted; the cloud vCenter restarted (same identity and inventory, sessions and
// tasks gone) as the target is being created. Each migration must complete by itself with an
// identical replica, an intact audit chain and no outcome stored twice; each fault is a row of the
// fault suite's table with its recovery time (from the fault's end to the migration's completion).
import type { ServiceHandle } from '@ferry/testing';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { cloudVms, waitForEvent } from './cold-migration-checks';
import { copyUnderWay, expectRecovered, faultMs, faultVerdict, recordVerdict, startThrottledMigration } from './fault-migrations';
import { ferry } from '@ferry/proto';

jest.setTimeout(300_000);

const MiB = 2 ** 20;
const PAUSE_MS = faultMs(30_000, 6_000);
/** How long the restarted vCenter stays away. */
const RESTART_DOWNTIME_MS = faultMs(30_000, 5_000);
let env: ColdMigrationEnv;

beforeAll(async () => {
  env = await startColdMigrationEnv({ STEP_RETRY_BACKOFF_MS: '300' });
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function completedAfter(id: string, faultEnd: number): Promise<number> {
  const types = await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed'], 180_000);
  expect(types).toContain('MigrationCompleted');
  return Date.now() - faultEnd;
}

const cloudVmsOf = async (id: string): Promise<string[]> =>
  (await cloudVms(env)).filter((v) => v.annotation.endsWith(`ferry-migration-id=${id}`)).map((v) => v.moref);

const paused = (name: 'prem-manager' | 'cloud-manager' | 'prem-esxi-manager'): ServiceHandle =>
  ({ 'prem-manager': env.prem, 'cloud-manager': env.cloud, 'prem-esxi-manager': env.esxi })[name];

describe('a manager frozen mid-copy', () => {
  it.each(['prem-manager', 'cloud-manager', 'prem-esxi-manager'] as const)('SIGSTOP of %s, then SIGCONT: the migration completes by itself, identical, audit intact, nothing stored twice', async (name) => {
    const { id, vm } = await startThrottledMigration(env, `pause-${name}`);
    await copyUnderWay(env, id);
    const pid = paused(name).pid!;
    process.kill(pid, 'SIGSTOP');
    try {
      await sleep(PAUSE_MS);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const recoveryMs = await completedAfter(id, Date.now());
    const verdict = await faultVerdict(env, id, vm);
    recordVerdict(`SIGSTOP of ${name} for ${PAUSE_MS / 1000} s mid-copy`, verdict, recoveryMs);
    expectRecovered(verdict);
  });
});

describe('the appliance and prem-manager killed together', () => {
  it('kill -9 of both mid-copy, then both restarted: the migration completes, identical, audit intact, nothing stored twice', async () => {
    const { id, vm } = await startThrottledMigration(env, 'kill-appliance-and-prem');
    await copyUnderWay(env, id);
    await Promise.all([env.appliance.kill9(), env.prem.kill9()]);
    await Promise.all([env.prem.restart(), env.appliance.restart()]);
    const recoveryMs = await completedAfter(id, Date.now());
    const verdict = await faultVerdict(env, id, vm);
    recordVerdict('kill -9 of the appliance and prem-manager together mid-copy', verdict, recoveryMs);
    expectRecovered(verdict);
  });
});

describe('the cloud vCenter restarted', () => {
  it('as the target VM is being created (both disks copied): the migration completes, identical, audit intact, nothing stored twice', async () => {
    // 16 MiB/s, not the 4 MiB/s a fault mid-copy needs: the restart waits for both copies to complete, and the
    // copy (~45 MiB on the wire) still lasts seconds, ample time for the watch below to subscribe first.
    const { id, vm } = await startThrottledMigration(env, 'vcenter-restart', 16 * MiB);
    // The restart follows the second DiskCopyCompleted on the migration's own subject: CreateTarget starts at once.
    const watcher = await env.nats.connect();
    const copied = new Promise<void>((resolve, reject) => {
      setTimeout(() => reject(new Error(`migration ${id} did not store its two DiskCopyCompleted within 120 s`)), 120_000).unref();
      let completed = 0;
      watcher.subscribe(`ferry.evt.migration.${id}`, {
        callback: (_error, message) => {
          completed += ferry.eventstore.v1.EventBatch.decode(message.data).events.filter((e) => e.type === 'DiskCopyCompleted').length;
          if (completed >= 2) resolve();
        },
      });
    });
    try {
      await copied;
      await env.pair.cloud.restart({ downtimeMs: RESTART_DOWNTIME_MS });
    } finally {
      await watcher.close();
    }
    const recoveryMs = await completedAfter(id, Date.now());
    const verdict = await faultVerdict(env, id, vm);
    recordVerdict(`cloud vCenter restarted (${RESTART_DOWNTIME_MS / 1000} s away) as the target is created`, verdict, recoveryMs);
    expectRecovered(verdict);
    // One target VM for the migration: a create cut short by the restart was not repeated into a second VM.
    const targets = await cloudVmsOf(id);
    expect(targets).toHaveLength(1);
  });
});
