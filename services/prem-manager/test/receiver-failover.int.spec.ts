import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { makeSourceRaw, makeTempDir, qemuCompare, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';
import { mixedRegions, TransferMode } from './dataplane-harness';

jest.setTimeout(300_000);
const MiB = 1 << 20;
const WINDOW = 16;
const CHUNK = 256 * 1024;
const pb = ferry.dataplane.v1;
type Status = ferry.dataplane.v1.TransferStatus;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `ready` returns a value; the error names what was awaited. */
async function until<T>(what: string, ready: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await ready();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe('two cloud-manager replicas sharing one TARGET_ROOT and STATE_DIR', () => {
  let cleanup: (() => Promise<void>) | undefined;
  let nats: NatsHandle | undefined;
  const services: ServiceHandle[] = [];
  let control: Client | undefined;
  afterAll(async () => {
    control?.close();
    await Promise.allSettled(services.map((s) => s.stop()));
    await nats?.stop();
    await cleanup?.();
  });

  it('kill -9 of the replica serving a transfer: the next session resumes on the other, at most the in-flight window is resent', async () => {
    const temp = await makeTempDir('ferry-failover-');
    cleanup = temp.cleanup;
    const [sourceDir, targetDir] = [join(temp.dir, 'source'), join(temp.dir, 'target')];
    await Promise.all([mkdir(sourceDir), mkdir(targetDir)]);
    nats = await startNats();
    const common = { NATS_URL: nats.url, CA_DIR: join(temp.dir, 'site-ca') };
    const start = async (name: string, env: Record<string, string>): Promise<ServiceHandle> => {
      const service = await startService(name, { ...common, ...env });
      services.push(service);
      return service;
    };
    const esxi = await start('prem-esxi-manager', { BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceDir, STATE_DIR: join(temp.dir, 'esxi-state') });
    // The replicas' resume state lives on the shared target storage, as a multi-replica deployment sets it.
    const replicaEnv = { INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: targetDir, STATE_DIR: join(targetDir, '.ferry-state'), CREDIT_WINDOW: String(WINDOW), COMMIT_BATCH: '4' };
    const clouds = [await start('cloud-manager', replicaEnv), await start('cloud-manager', replicaEnv)];
    const prem = await start('prem-manager', { CONTROL_HOST: '127.0.0.1', DATA_DIR: join(temp.dir, 'prem-data') });
    control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(common.CA_DIR, 'test-operator')) });
    const shipper = control;

    const size = 96 * MiB;
    const source = join(sourceDir, 'disk-0.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const target = join(targetDir, 'disk-0.raw');
    const id = { migrationId: 'mig-failover', diskId: 'disk-0', generation: 1 };
    const get = (): Promise<Status> => unaryCall(shipper, 'GetTransfer', id);
    const endpoints = clouds.map((cloud) => `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}`).join(',');
    // Capped at 32 MiB/s the copy lasts seconds on any machine, so the kill lands mid-transfer.
    await unaryCall(shipper, 'StartTransfer', {
      ...id, sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, targetEndpoint: endpoints, sourceLocator: `file:${source}`, targetPath: target,
      mode: TransferMode.TRANSFER_MODE_FULL, chunkSize: CHUNK, maxBytesPerSecond: 32 * MiB,
    });
    await until('60 frames sent', async () => (Number((await get()).framesSent) >= 60 ? true : undefined));
    const opened = (cloud: ServiceHandle): boolean => cloud.log().includes(`opened for ${id.migrationId}/${id.diskId}`);
    const victim = clouds.find(opened);
    const survivor = clouds.find((cloud) => cloud !== victim)!;
    expect(victim).toBeDefined();
    expect(opened(survivor)).toBe(false);
    await victim!.kill9();
    const killedAt = Date.now();
    const atKill = await get();

    await until('the survivor opens the session', async () => (opened(survivor) ? true : undefined));
    const resumedAfterMs = Date.now() - killedAt;
    await until('frames sent after the kill', async () => (Number((await get()).framesSent) > Number(atKill.framesSent) ? true : undefined));
    const movingAfterMs = Date.now() - killedAt;
    const status = await until('the transfer ends', async () => {
      const now = await get();
      return now.state === pb.TransferState.TRANSFER_STATE_RUNNING ? undefined : now;
    }, 180_000);
    const doneAfterMs = Date.now() - killedAt;

    expect(status.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);
    expect(await qemuCompare(source, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    const resent = Number(status.framesSent) - Number(status.chunksSent);
    const refusals = survivor.log().split('\n').filter((line) => line.includes('is being written by receiver replica')).length;
    process.stdout.write(
      `receiver failover: ${status.chunksTotal} chunks of ${CHUNK / 1024} KiB, ${atKill.framesSent} frames sent at the kill; the other replica opened the session ${(resumedAfterMs / 1000).toFixed(2)} s after the kill ` +
        `(${refusals} session(s) refused meanwhile while the dead replica's lease ran out), frames flowed again after ${(movingAfterMs / 1000).toFixed(2)} s, done after ${(doneAfterMs / 1000).toFixed(2)} s; ` +
        `${resent} chunks sent twice (window ${WINDOW}), ${status.sessions} sessions\n`,
    );
    expect(Number(status.sessions)).toBeGreaterThanOrEqual(2);
    expect(resent).toBeLessThanOrEqual(WINDOW + 4);
    expect(survivor.log()).toContain(`${id.migrationId}/${id.diskId} generation 1 completed`);
    expect(prem.log()).toMatch(/receiver 127\.0\.0\.1:\d+ is down; the next session goes to 127\.0\.0\.1:\d+/);
  });
});
