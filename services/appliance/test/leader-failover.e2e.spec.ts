// Two appliance replicas on one site (issue 18 item 3): both serve the API, only the lease holder runs
// migrations; kill -9 of the leader mid-copy, and the other replica leads within 15 s, carries the
// migration on to completion with an identical replica, each step stored once, the audit intact.
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { cloudVms, eventTypes, waitForEvent } from './cold-migration-checks';
import { copyUnderWay, expectRecovered, faultVerdict, recordVerdict, startThrottledMigration } from './fault-migrations';
import { leaderGauge } from '@ferry/testing';
import { repeatedSteps, throughReplica, within } from './leader-failover-support';

jest.setTimeout(300_000);

/** The bound on a failover, from the leader's death to the other replica leading. */
const FAILOVER_BOUND_MS = 15_000;
let env: ColdMigrationEnv;

beforeAll(async () => {
  env = await startColdMigrationEnv({ STEP_RETRY_BACKOFF_MS: '300' }, {}, { applianceReplicas: 2 });
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

describe('two appliance replicas', () => {
  it('kill -9 of the leader mid-copy: the other leads within 15 s and completes the migration, identical, each step once, audit intact', async () => {
    const [first, second] = env.appliances;
    if (!first || !second) throw new Error('the site has not two appliance replicas');
    await within('one leader and one follower on /metrics', 20_000, async () => (await leaderGauge(first)) === 1 && (await leaderGauge(second)) === 0);

    const { id, vm } = await startThrottledMigration(env, 'leader-failover');
    await copyUnderWay(env, id);
    // Only the leader works on the migration: the follower has not touched it.
    expect(second.log()).toContain('follows: another replica leads');
    expect(second.log()).not.toContain(id);

    await first.kill9();
    const failoverMs = await within('the follower leading after the leader died', FAILOVER_BOUND_MS, async () => (await leaderGauge(second)) === 1);
    process.stdout.write(`appliance failover: the second replica leads ${failoverMs} ms after kill -9 of the leader\n`);
    // The gauge turns 1 as the term starts; the runner logs each migration it resumes as it loads them.
    await within(`the new leader resuming ${id}`, 15_000, async () => second.log().includes(`resuming migration ${id}`));

    const survivor = throughReplica(env, second);
    const resumed = Date.now();
    const types = await waitForEvent(survivor, id, ['MigrationCompleted', 'MigrationFailed'], 180_000);
    expect(types).toContain('MigrationCompleted');
    const verdict = await faultVerdict(survivor, id, vm);
    recordVerdict('kill -9 of the appliance leader (2 replicas) mid-copy', verdict, Date.now() - resumed);
    expectRecovered(verdict);
    expect(repeatedSteps(await eventTypes(survivor, id))).toEqual([]);
    // No effect carried out twice in the cloud: one target VM for the migration.
    expect((await cloudVms(survivor)).filter((v) => v.annotation.endsWith(`ferry-migration-id=${id}`))).toHaveLength(1);
  });
});
