// Cluster mode end to end (issue 18 items 1-3): a 3-node nats-server cluster with every stream at R3,
// two appliance replicas, two prem-manager replicas taking transfers from the queue and two
// cloud-manager replicas sharing the target storage. Mid-copy, kill -9 of the nats-server leading
// FERRY_EVENTS, then of the appliance leader while that node is still down (the other replica leads
// within 15 s), then of the prem-manager replica running the transfer (the other takes the job over)
// and of the cloud-manager receiving it (the sessions go to the other): the migration completes on
// what is left, identical, each step stored once, at most the in-flight window resent; the node is
// restarted on its store and the audit is intact.
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import type { NatsClusterHandle, ServiceHandle } from '@ferry/testing';
import { CREDIT_WINDOW, startColdMigrationEnv, type ColdMigrationEnv, type TransferStatus } from './cold-migration-env';
import { cloudVms, eventTypes, waitForEvent } from './cold-migration-checks';
import { copyUnderWay, expectRecovered, faultVerdict, recordVerdict, startThrottledMigration } from './fault-migrations';
import { leaderGauge } from '@ferry/testing';
import { repeatedSteps, throughReplica, within } from './leader-failover-support';
import api = ferry.api.v1;

jest.setTimeout(300_000);

const FAILOVER_BOUND_MS = 15_000;
let env: ColdMigrationEnv;

beforeAll(async () => {
  env = await startColdMigrationEnv({ STEP_RETRY_BACKOFF_MS: '300' }, {}, { natsNodes: 3, applianceReplicas: 2, managerReplicas: { prem: 2, cloud: 2 } });
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

/** The transfer's status as any live prem-manager replica answers it (each reads the queue's status record). */
async function transferStatus(replicas: readonly ServiceHandle[], migrationId: string, diskId: string): Promise<TransferStatus | undefined> {
  const credentials = mutualTlsClient(await issueLeaf(env.caDir, 'e2e-tester'));
  for (const replica of replicas) {
    const client = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${replica.ports.CONTROL_PORT}`, { credentials });
    try {
      return await unaryCall<object, TransferStatus>(client, 'GetTransfer', { migrationId, diskId, generation: 1 });
    } catch {
      // killed: ask the next one
    } finally {
      client.close();
    }
  }
  return undefined;
}

describe('a 3-node NATS cluster, two appliance, two prem-manager and two cloud-manager replicas', () => {
  it('kill -9 of the nats-server leading FERRY_EVENTS, of the appliance leader, of the prem-manager and of the cloud-manager running the copy: the migration completes, identical, each step once, audit intact', async () => {
    const cluster = env.nats as NatsClusterHandle;
    const [first, second] = env.appliances;
    if (!first || !second || cluster.nodes.length !== 3) throw new Error('the site has not a 3-node cluster and two appliance replicas');
    const checker = await cluster.connect();
    const stream = await (await checker.jetstreamManager()).streams.info('FERRY_EVENTS');
    await checker.close();
    expect(stream.config.num_replicas).toBe(3);
    await within('one leader and one follower on /metrics', 20_000, async () => (await leaderGauge(first)) === 1 && (await leaderGauge(second)) === 0);

    // 1 MiB/s on the wire: the copy outlasts the four kills.
    const { id, vm, planId } = await startThrottledMigration(env, 'nats-node-and-leader', 1024 * 1024);
    await copyUnderWay(env, id);
    const natsVictim = cluster.nodes.find((_, i) => `ferry-nats-${i + 1}` === stream.cluster?.leader) ?? cluster.nodes[0]!;
    await natsVictim.kill9();
    process.stdout.write(`cluster mode: killed nats-server ${stream.cluster?.leader} (FERRY_EVENTS leader) mid-copy\n`);
    await first.kill9();
    const failoverMs = await within('the follower leading after the leader died', FAILOVER_BOUND_MS, async () => (await leaderGauge(second)) === 1);
    process.stdout.write(`cluster mode: the second appliance leads ${failoverMs} ms after kill -9 of the leader (one NATS node down)\n`);

    // The prem-manager replica running the big disk's transfer, as its status names it: the other takes the job over.
    const disk = (await throughReplica(env, second).call<{ migrationId: string }, { disks: Array<{ diskKey: string }> }>('GetMigration', { migrationId: id })).disks[0]!.diskKey;
    const running = await transferStatus(env.premManagers, id, disk);
    const premVictim = env.premManagers.find((m) => running?.replica.endsWith(`:${m.pid}`));
    if (!premVictim || running?.state !== 1) throw new Error(`no prem-manager replica runs the copy of ${disk}: ${JSON.stringify(running)}`);
    await premVictim.kill9();
    const live = env.premManagers.filter((m) => m !== premVictim);
    const takeoverMs = await within('another prem-manager replica running the transfer', 40_000, async () => {
      const status = await transferStatus(live, id, disk);
      return status !== undefined && status.replica !== running.replica && status.replica !== '';
    });
    process.stdout.write(`cluster mode: kill -9 of prem-manager ${running.replica} at ${running.framesSent} frames; the other replica took the job over after ${takeoverMs} ms\n`);
    // Sessions go to the first cloud-manager of RECEIVER_URL first: kill it, the next session goes to the other.
    const [cloudVictim] = env.cloudManagers;
    const before = Number((await transferStatus(live, id, disk))?.framesSent ?? 0);
    await cloudVictim!.kill9();
    const flowingMs = await within('frames flowing to the other cloud-manager', 40_000, async () => Number((await transferStatus(live, id, disk))?.framesSent ?? 0) > before + 4);
    process.stdout.write(`cluster mode: kill -9 of the first cloud-manager; frames flow again ${flowingMs} ms later\n`);

    const survivor = throughReplica(env, second);
    // The four kills are behind: the cap has done its job, the rest of the copy need not crawl at 1 MiB/s.
    await survivor.call<api.ISetPlanDiskRateRequest, api.Plan>('SetPlanDiskRate', { planId, maxDiskBytesPerSecond: 0 });
    const resumed = Date.now();
    const types = await waitForEvent(survivor, id, ['MigrationCompleted', 'MigrationFailed'], 180_000);
    expect(types).toContain('MigrationCompleted');
    await natsVictim.restart();
    const verdict = await faultVerdict(survivor, id, vm);
    recordVerdict('3-node NATS: kill -9 of the FERRY_EVENTS leader node, then of the appliance leader, mid-copy', verdict, Date.now() - resumed);
    expectRecovered(verdict);
    expect(repeatedSteps(await eventTypes(survivor, id))).toEqual([]);
    const done = (await transferStatus(live, id, disk))!;
    const resent = Number(done.framesSent) - Number(done.chunksSent);
    process.stdout.write(`cluster mode: the big disk's transfer: ${done.chunksTotal} chunks, ${done.sessions} sessions, ${resent} sent twice\n`);
    expect(resent).toBeLessThanOrEqual(2 * (CREDIT_WINDOW + 4)); // one window per killed manager
    expect((await cloudVms(survivor)).filter((v) => v.annotation.endsWith(`ferry-migration-id=${id}`))).toHaveLength(1);
  });
});
