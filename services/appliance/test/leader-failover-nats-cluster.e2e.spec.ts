// Cluster mode end to end (issue 18 items 1 and 3): a 3-node nats-server cluster with every stream at
// R3 and two appliance replicas. Mid-copy, kill -9 of the nats-server leading FERRY_EVENTS, then
// kill -9 of the appliance leader while that node is still down: the other replica leads within 15 s
// and the migration completes on the two nodes left, identical, each step stored once; the node is
// restarted on its store and the audit is intact.
import type { NatsClusterHandle } from '@ferry/testing';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { cloudVms, eventTypes, waitForEvent } from './cold-migration-checks';
import { copyUnderWay, expectRecovered, faultVerdict, recordVerdict, startThrottledMigration } from './fault-migrations';
import { leaderGauge } from '@ferry/testing';
import { repeatedSteps, throughReplica, within } from './leader-failover-support';

jest.setTimeout(300_000);

const FAILOVER_BOUND_MS = 15_000;
let env: ColdMigrationEnv;

beforeAll(async () => {
  env = await startColdMigrationEnv({ STEP_RETRY_BACKOFF_MS: '300' }, {}, { natsNodes: 3, applianceReplicas: 2 });
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

describe('a 3-node NATS cluster and two appliance replicas', () => {
  it('kill -9 of the nats-server leading FERRY_EVENTS, then of the appliance leader, mid-copy: the migration completes, identical, each step once, audit intact', async () => {
    const cluster = env.nats as NatsClusterHandle;
    const [first, second] = env.appliances;
    if (!first || !second || cluster.nodes.length !== 3) throw new Error('the site has not a 3-node cluster and two appliance replicas');
    const checker = await cluster.connect();
    const stream = await (await checker.jetstreamManager()).streams.info('FERRY_EVENTS');
    await checker.close();
    expect(stream.config.num_replicas).toBe(3);
    await within('one leader and one follower on /metrics', 20_000, async () => (await leaderGauge(first)) === 1 && (await leaderGauge(second)) === 0);

    const { id, vm } = await startThrottledMigration(env, 'nats-node-and-leader');
    await copyUnderWay(env, id);
    const natsVictim = cluster.nodes.find((_, i) => `ferry-nats-${i + 1}` === stream.cluster?.leader) ?? cluster.nodes[0]!;
    await natsVictim.kill9();
    process.stdout.write(`cluster mode: killed nats-server ${stream.cluster?.leader} (FERRY_EVENTS leader) mid-copy\n`);
    await first.kill9();
    const failoverMs = await within('the follower leading after the leader died', FAILOVER_BOUND_MS, async () => (await leaderGauge(second)) === 1);
    process.stdout.write(`cluster mode: the second appliance leads ${failoverMs} ms after kill -9 of the leader (one NATS node down)\n`);

    const survivor = throughReplica(env, second);
    const resumed = Date.now();
    const types = await waitForEvent(survivor, id, ['MigrationCompleted', 'MigrationFailed'], 180_000);
    expect(types).toContain('MigrationCompleted');
    await natsVictim.restart();
    const verdict = await faultVerdict(survivor, id, vm);
    recordVerdict('3-node NATS: kill -9 of the FERRY_EVENTS leader node, then of the appliance leader, mid-copy', verdict, Date.now() - resumed);
    expectRecovered(verdict);
    expect(repeatedSteps(await eventTypes(survivor, id))).toEqual([]);
    expect((await cloudVms(survivor)).filter((v) => v.annotation.endsWith(`ferry-migration-id=${id}`))).toHaveLength(1);
  });
});
