// Transfers as work-queue jobs shared by prem-manager replicas (issue #18 item 2): two replicas take
// the jobs the appliance queues, a replica's kill -9 hands its job to the other (which resends at most
// the in-flight window), and a cancel then a new start dispatches the transfer again. Real processes:
// nats-server with the services' identities, prem-esxi-manager, cloud-manager, two prem-managers.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { headers, type NatsConnection } from 'nats';
import { ferry } from '@ferry/proto';
import { makeSourceRaw, qemuCompare, startService, type ServiceHandle } from '@ferry/testing';
import { DISPATCH_HEADER, openTransferQueue, QueueTransferControl, TRANSFER_SUBJECT, transferKey, type TransferQueue } from '@ferry/transfer-queue';
import { parseRanges } from '../src/queue/sent-chunks';
import { mixedRegions, startDataPlane, TransferMode, type DataPlane } from './dataplane-harness';

jest.setTimeout(300_000);
const MiB = 1 << 20;
const WINDOW = 16;
const CHUNK = 256 * 1024;
const { TransferState } = ferry.dataplane.v1;

let plane: DataPlane;
let second: ServiceHandle;
let nc: NatsConnection;
let queue: TransferQueue;
let control: QueueTransferControl;

beforeAll(async () => {
  plane = await startDataPlane({ creditWindow: WINDOW, commitBatch: 4, premEnv: { MAX_PARALLEL_DISKS: '2' } });
  second = await startService('prem-manager', { ...plane.nats.serviceEnv('prem-manager'), CA_DIR: join(plane.dir, 'site-ca'), CONTROL_HOST: '127.0.0.1', DATA_DIR: join(plane.dir, 'prem-data-2'), MAX_PARALLEL_DISKS: '2' });
  nc = await plane.nats.connect('appliance');
  queue = await openTransferQueue(nc);
  control = new QueueTransferControl(queue);
});

afterAll(async () => {
  await nc?.close();
  await second?.stop();
  await plane?.stop();
});

async function source(name: string, size: number): Promise<{ path: string; target: string }> {
  const path = join(plane.sourceDir, `${name}.raw`);
  await makeSourceRaw(path, size, mixedRegions(size));
  return { path, target: join(plane.targetDir, `${name}.raw`) };
}

async function until(id: ferry.dataplane.v1.IGetTransferRequest, done: (status: ferry.dataplane.v1.TransferStatus) => boolean, timeoutMs = 120_000): Promise<ferry.dataplane.v1.TransferStatus> {
  let last: ferry.dataplane.v1.TransferStatus | undefined;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    // NATS may be restarting (a test takes it away): ask again.
    const status = await control.status(id).catch(() => undefined);
    if (status !== undefined) {
      last = status;
      if (last.state === TransferState.TRANSFER_STATE_FAILED) throw new Error(`transfer failed: ${last.error}`);
      if (done(last)) return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`transfer ${JSON.stringify(id)} did not get there in ${timeoutMs} ms: ${JSON.stringify(last)}\n${plane.prem.log().slice(-2000)}\n${second.log().slice(-2000)}`);
}

/** A full copy of `disk` to its target through this plane, capped at `maxBytesPerSecond` (0: none). */
function fullCopy(id: ferry.dataplane.v1.IGetTransferRequest, disk: { path: string; target: string }, maxBytesPerSecond = 0): ferry.dataplane.v1.IStartTransferRequest {
  return {
    ...id, sourceEndpoint: plane.blockEndpoint, targetEndpoint: plane.interconnectEndpoint, sourceLocator: `file:${disk.path}`, targetPath: disk.target,
    mode: TransferMode.TRANSFER_MODE_FULL, chunkSize: CHUNK, maxBytesPerSecond,
  };
}

/** A second copy of dispatch 1 of `request` (as a publish past the duplicate window would make). */
async function publishCopy(request: ferry.dataplane.v1.IStartTransferRequest, key: string): Promise<void> {
  const h = headers();
  h.set(DISPATCH_HEADER, '1');
  await queue.js.publish(TRANSFER_SUBJECT, ferry.dataplane.v1.StartTransferRequest.encode(ferry.dataplane.v1.StartTransferRequest.create(request)).finish(), { msgID: `${key}.copy`, headers: h });
}

const completed = (s: ferry.dataplane.v1.TransferStatus): boolean => s.state === TransferState.TRANSFER_STATE_COMPLETED;

describe('transfers through the queue FERRY_TRANSFERS', () => {
  it('two replicas share four queued transfers (two slots each); every target equals its source', async () => {
    const ids = [0, 1, 2, 3].map((i) => ({ migrationId: 'mig-queue-share', diskId: `disk-${i}`, generation: 1 }));
    const disks = await Promise.all(ids.map((id) => source(`share-${id.diskId}`, 24 * MiB)));
    await Promise.all(ids.map((id, i) => control.start(fullCopy(id, disks[i]!, 8 * MiB))));
    const owners = new Set<string>();
    for (const [i, id] of ids.entries()) {
      await until(id, completed);
      owners.add((await queue.readStatus(transferKey(id.migrationId, id.diskId, 1)))!.owner);
      expect(await qemuCompare(disks[i]!.path, disks[i]!.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    }
    process.stdout.write(`four queued transfers ran on ${owners.size} replicas: ${[...owners].join(', ')}\n`);
    expect(owners.size).toBe(2);
  });

  it('kill -9 of the replica running a transfer: the other takes it over, resends at most the in-flight window, and the target equals the source', async () => {
    const id = { migrationId: 'mig-queue-kill', diskId: 'disk-0', generation: 1 };
    const disk = await source('kill', 128 * MiB);
    await control.start(fullCopy(id, disk, 16 * MiB));
    await until(id, (s) => Number(s.framesSent) >= 60);
    const key = transferKey(id.migrationId, id.diskId, 1);
    const before = (await queue.readStatus(key))!;
    const victim = plane.prem.log().includes(before.owner.split(':')[1]!) ? plane.prem : second;
    const killedAt = Date.now();
    await victim.kill9();
    const moved = await (async () => {
      for (;;) {
        const record = await queue.readStatus(key);
        if (record !== undefined && record.owner !== before.owner) return record;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const takeoverMs = Date.now() - killedAt;
    const status = await until(id, completed);
    await victim.restart();
    expect(await qemuCompare(disk.path, disk.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    const resent = Number(status.framesSent) - Number(status.chunksSent);
    process.stdout.write(`kill -9 of ${before.owner} at ${before.status.framesSent} frames: ${moved.owner} took the job over after ${takeoverMs} ms; ${status.chunksTotal} chunks, ${resent} sent twice, ${status.sessions} sessions\n`);
    expect(takeoverMs).toBeLessThan(30_000);
    expect(Number(status.sessions)).toBeGreaterThanOrEqual(2);
    expect(resent).toBeLessThanOrEqual(WINDOW + 4);
    expect(Number(status.bytesVerified) + Number(status.zeroBytes)).toBe(128 * MiB);
  });

  it('SIGTERM of the replica running a transfer: it hands the job back at once and the other finishes it', async () => {
    const id = { migrationId: 'mig-queue-term', diskId: 'disk-0', generation: 1 };
    const disk = await source('term', 96 * MiB);
    await control.start(fullCopy(id, disk, 8 * MiB));
    await until(id, (s) => Number(s.framesSent) >= 30);
    const key = transferKey(id.migrationId, id.diskId, 1);
    const before = (await queue.readStatus(key))!;
    const leaving = before.owner.endsWith(`:${plane.prem.pid}`) ? plane.prem : second;
    const stoppedAt = Date.now();
    expect(await leaving.stop()).toBe(0);
    let record = await queue.readStatus(key);
    while (record === undefined || record.owner === before.owner) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      record = await queue.readStatus(key);
    }
    const handoverMs = Date.now() - stoppedAt;
    const status = await until(id, completed);
    await leaving.restart();
    process.stdout.write(`SIGTERM of ${before.owner}: ${record.owner} ran the job ${handoverMs} ms after the stop began; ${status.sessions} sessions\n`);
    expect(handoverMs).toBeLessThan(10_000); // not the 15 s a killed replica's job waits
    expect(await qemuCompare(disk.path, disk.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
  });

  it('a job recorded but never published (the appliance died in between) is published at the next start; a second copy of a running job leaves it to its replica', async () => {
    const id = { migrationId: 'mig-queue-lost', diskId: 'disk-0', generation: 1 };
    const disk = await source('lost', 32 * MiB);
    const request = fullCopy(id, disk, 4 * MiB);
    const key = transferKey(id.migrationId, id.diskId, 1);
    // What a kill -9 between the two writes of a start leaves: the control record, no job.
    await queue.writeControl(key, { dispatch: 1, cancel: false, maxBytesPerSecond: 4 * MiB, queuedAt: Date.now() }, undefined);
    await control.start(request);
    await until(id, (s) => Number(s.framesSent) >= 8, 30_000);
    const owner = (await queue.readStatus(key))!.owner;
    await publishCopy(request, key);
    const done = await until(id, completed);
    expect((await queue.readStatus(key))!.owner).toBe(owner);
    expect(Number(done.sessions)).toBe(1);
    expect(await qemuCompare(disk.path, disk.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    // The copy is acknowledged once the transfer ended: the queue is empty again.
    for (const deadline = Date.now() + 20_000; ; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const info = await (await nc.jetstreamManager()).streams.info('FERRY_TRANSFERS');
      if (info.state.messages === 0) break;
      if (Date.now() > deadline) throw new Error(`FERRY_TRANSFERS still holds ${info.state.messages} messages`);
    }
  });

  it('a second copy of a job that reaches the replica running it is dropped there: still one session', async () => {
    // With the other replica stopped, the copy can only go to the one running the job.
    await second.stop();
    try {
      const id = { migrationId: 'mig-queue-own-copy', diskId: 'disk-0', generation: 1 };
      const disk = await source('own-copy', 32 * MiB);
      const request = fullCopy(id, disk, 4 * MiB);
      await control.start(request);
      await until(id, (s) => Number(s.framesSent) >= 8, 30_000);
      await publishCopy(request, transferKey(id.migrationId, id.diskId, 1));
      const done = await until(id, completed);
      expect(Number(done.sessions)).toBe(1);
      expect(plane.prem.log()).toMatch(/mig-queue-own-copy\/disk-0 generation 1: this replica runs it already; this copy of the job is dropped/);
      expect(await qemuCompare(disk.path, disk.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    } finally {
      await second.restart();
    }
  });

  it('kill -9 of the only replica, started again on its own disk: the chunks it sent after its last status record count as sent', async () => {
    await second.stop();
    try {
      const id = { migrationId: 'mig-queue-own-restart', diskId: 'disk-0', generation: 1 };
      // Random data only: every chunk is sent, so the distinct count must end at the chunk total.
      const size = 24 * MiB;
      const path = join(plane.sourceDir, 'own-restart.raw');
      await makeSourceRaw(path, size, [{ offset: 0, length: size, kind: 'random' }]);
      const disk = { path, target: join(plane.targetDir, 'own-restart.raw') };
      // 2 MiB/s: eight 256 KiB chunks a second against one status record a second.
      await control.start(fullCopy(id, disk, 2 * MiB));
      await until(id, (s) => Number(s.framesSent) >= 8, 30_000);
      const key = transferKey(id.migrationId, id.diskId, 1);
      const sentLog = join(plane.dir, 'prem-data', 'queued-transfers', key, 'sent.log');
      const logged = async (): Promise<number[]> => {
        const bytes = await readFile(sentLog);
        return Array.from({ length: Math.floor(bytes.length / 4) }, (_, i) => bytes.readUInt32BE(i * 4));
      };
      // Killed as soon as its log names a chunk its status record does not.
      const unreported = async (): Promise<number[]> => {
        const recorded = new Set(parseRanges((await queue.readStatus(key))?.sentChunks ?? ''));
        return (await logged()).filter((index) => !recorded.has(index));
      };
      while ((await unreported()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await plane.prem.kill9();
      const lost = await unreported();
      await plane.prem.restart();
      const done = await until(id, completed);
      process.stdout.write(`kill -9 of the only replica: ${lost.length} chunk(s) logged after its last status record (${lost.join(', ')}); ${done.chunksSent} distinct of ${done.chunksTotal}, ${done.framesSent} frames, ${done.sessions} sessions\n`);
      expect(Number(done.sessions)).toBeGreaterThanOrEqual(2);
      expect(Number(done.chunksSent)).toBe(size / CHUNK);
      expect(Number(done.chunksTotal)).toBe(size / CHUNK);
      expect(Number(done.framesSent)).toBeGreaterThanOrEqual(Number(done.chunksSent));
      expect(await qemuCompare(disk.path, disk.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    } finally {
      await second.restart();
    }
  });

  it('kill -9 of nats-server for 5 s mid-transfer: the copy goes on in the same session and reports once NATS is back', async () => {
    const id = { migrationId: 'mig-queue-nats', diskId: 'disk-0', generation: 1 };
    const disk = await source('nats', 64 * MiB);
    await control.start(fullCopy(id, disk, 4 * MiB));
    await until(id, (s) => Number(s.framesSent) >= 8);
    await plane.nats.kill9();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await plane.nats.restart();
    const done = await until(id, completed);
    process.stdout.write(`nats-server away 5 s mid-transfer: ${done.sessions} session(s), ${done.chunksTotal} chunks\n`);
    expect(Number(done.sessions)).toBe(1);
    expect(await qemuCompare(disk.path, disk.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    expect(plane.prem.log() + second.log()).toMatch(/the queue does not answer .*the copy goes on/);
  });

  it('a cancel stops the running transfer; starting it again dispatches it anew and it completes', async () => {
    const id = { migrationId: 'mig-queue-cancel', diskId: 'disk-0', generation: 1 };
    const disk = await source('cancel', 64 * MiB);
    const request = fullCopy(id, disk, 1 * MiB);
    await control.start(request);
    await until(id, (s) => Number(s.framesSent) >= 8);
    const cancelled = await control.cancel(id);
    expect(cancelled.state).toBe(TransferState.TRANSFER_STATE_CANCELLED);
    await expect(control.cancel({ ...id, diskId: 'no-such-disk' })).rejects.toMatchObject({ code: 5 });
    await control.start({ ...request, maxBytesPerSecond: 0 });
    const done = await until(id, completed);
    expect((await queue.readControl(transferKey(id.migrationId, id.diskId, 1)))!.record.dispatch).toBe(2);
    expect(await qemuCompare(disk.path, disk.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    expect(Number(done.bytesVerified) + Number(done.zeroBytes)).toBe(64 * MiB);
  });

  it('a job no replica can run fails naming the field; a message that is no job is dropped and the queue goes on', async () => {
    // Only the appliance may publish jobs: this one is garbage, as a bug or a forged message would be.
    await queue.js.publish('ferry.transfer.jobs', new Uint8Array([0xff, 0xff, 0xff]));
    const id = { migrationId: 'mig-queue-bad', diskId: 'disk-0', generation: 1 };
    const disk = await source('bad', 4 * MiB);
    await control.start({ ...fullCopy(id, disk), targetEndpoint: ' , ' });
    let failed: ferry.dataplane.v1.TransferStatus | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && failed === undefined; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const status = await control.status(id);
      if (status.state === TransferState.TRANSFER_STATE_FAILED) failed = status;
    }
    expect(failed?.error).toMatch(/target_endpoint/);
    expect(plane.prem.log() + second.log()).toMatch(/is not a StartTransferRequest .*dropped/);
    // The queue still serves: a good job after them completes.
    const good = { migrationId: 'mig-queue-after-bad', diskId: 'disk-0', generation: 1 };
    const after = await source('after-bad', 8 * MiB);
    await control.start(fullCopy(good, after));
    await until(good, completed);
    expect(await qemuCompare(after.path, after.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
  });
});
