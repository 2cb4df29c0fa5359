// Two guest-prep replicas on one NATS (each with the guest-prep identity's permissions) and the JetStream
// event store. A command sent again after a NATS drop may be delivered to a replica other than the one
// still running it: that replica must follow the run to its end, not refuse it. Replica A is played by
// the test with the service's own parts (NatsRunOwners.hold, EventStoreSink), so the run's pace is the
// test's; replica B is a GuestPrepService as the service builds it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { JetStreamEventStore } from '@ferry/event-store';
import { NatsRunOwners } from '@ferry/service-kit';
import { startNats, type NatsHandle } from '@ferry/testing';
import { EventStoreSink } from '../src/app/event-store-sink';
import { execOk } from '../src/channels/exec';
import { GuestPrepService } from '../src/app/guest-prep-service';
import { type FixupEvent } from '../src/fixup/stage1';

const meta = (id: string) => () => ({ prepId: id, vmId: 'vm-7', atUnixMillis: 1_700_000_000_000, actor: { kind: 'service', id: 'replica-a' }, causeCommandId: `${id}-cmd`, traceId: '' });

/** Replica A's side of a run: it holds the run on NATS and records its events as the service does. */
async function runOnReplicaA(nc: NatsConnection, aggregate: 'fixup', id: string) {
  const release = await new NatsRunOwners(nc, 'guest-prep').hold(aggregate, id);
  const sink = new EventStoreSink(await JetStreamEventStore.open(nc), aggregate, id);
  const m = meta(id);
  await sink.append({ type: 'FixupStarted', meta: m(), targetPlatform: 'vmware' });
  return {
    release,
    record: (events: (m: ReturnType<typeof meta>) => FixupEvent[]) => events(m).reduce((done, e) => done.then(() => sink.append(e)), Promise.resolve()),
  };
}

/** Whether a promise has settled within `ms`. */
const settledWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('guest-prep replicas: a command sent again to another replica follows the run to its end', () => {
  jest.setTimeout(60_000);
  let nats: NatsHandle;
  let work: string;
  const connections: NatsConnection[] = [];
  const connect = async () => {
    const nc = await nats.connect('guest-prep');
    connections.push(nc);
    return nc;
  };
  const replicaB = async () => new GuestPrepService(await JetStreamEventStore.open(await connect()), Date.now, undefined, { owners: new NatsRunOwners(await connect(), 'guest-prep'), everyMs: 50 });

  beforeAll(async () => {
    nats = await startNats();
    work = await mkdtemp(join(tmpdir(), 'ferry-run-owners-'));
  });
  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
    await nats?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('a disk fixup still running on replica A: B waits, then answers with the outcome A recorded', async () => {
    const a = await runOnReplicaA(await connect(), 'fixup', 'mig-1-fixup-1');
    const b = await replicaB();
    const answer = b.fixUpReplicaDisks({ fixupId: 'mig-1-fixup-1', diskImages: [join(work, 'disk0-flat.vmdk')] });
    expect(await settledWithin(answer, 500)).toBe(false);
    await a.record((m) => [
      { type: 'FixupStepCompleted', meta: m(), step: 'find-root', status: 'changed', message: 'Linux root ext4 on disk0-flat.vmdk partition 1' },
      { type: 'FixupStepCompleted', meta: m(), step: 'fstab', status: 'changed', message: 'device names replaced by UUIDs' },
      { type: 'FixupCompleted', meta: m(), resultJson: '{"ok":true}' },
    ]);
    await a.release();
    const reply = await answer;
    expect({ ok: reply.ok, skipped: reply.skipped, message: reply.message }).toEqual({ ok: true, skipped: false, message: '' });
    expect(reply.steps.map((s) => [s.step, s.status, s.message])).toEqual([
      ['find-root', 'changed', 'Linux root ext4 on disk0-flat.vmdk partition 1'],
      ['fstab', 'changed', 'device names replaced by UUIDs'],
    ]);
  });

  it('a run that fails on A is answered as failed on B, with A\'s reason', async () => {
    const a = await runOnReplicaA(await connect(), 'fixup', 'mig-2-restore-1');
    const b = await replicaB();
    const answer = b.restorePremDisks({ restoreId: 'mig-2-restore-1', diskImages: [join(work, 'prem-flat.vmdk')] });
    expect(await settledWithin(answer, 300)).toBe(false);
    await a.record((m) => [{ type: 'FixupFailed', meta: m(), step: 'find-root', reason: 'no Linux root file system on prem-flat.vmdk' }]);
    await a.release();
    expect(await answer).toMatchObject({ ok: false, message: 'find-root: no Linux root file system on prem-flat.vmdk' });
  });

  it('a stage-1 fixup (the replica root mounted) is followed the same way', async () => {
    const a = await runOnReplicaA(await connect(), 'fixup', 'mig-3-fixup-1');
    const b = await replicaB();
    const answer = b.fixUpReplica({ fixupId: 'mig-3-fixup-1', root: work });
    expect(await settledWithin(answer, 300)).toBe(false);
    await a.record((m) => [{ type: 'FixupCompleted', meta: m(), resultJson: '{"ok":true}' }]);
    await a.release();
    expect(await answer).toEqual({ ok: true, resultJson: JSON.stringify({ ok: true, replayed: true, events: 2 }) });
  });

  it('replica A dies mid-run (its NATS connection gone): B stops following and refuses it as interrupted, retryable with a new id', async () => {
    const ncA = await connect();
    await runOnReplicaA(ncA, 'fixup', 'mig-4-fixup-1');
    const b = await replicaB();
    const answer = b.fixUpReplicaDisks({ fixupId: 'mig-4-fixup-1', diskImages: [join(work, 'disk0-flat.vmdk')] });
    expect(await settledWithin(answer, 300)).toBe(false);
    await ncA.close();
    await expect(answer).rejects.toThrow('run mig-4-fixup-1 has 1 event(s) but no end, and no guest-prep replica runs it: it was interrupted; start a new run with a new id (it is safe to rerun)');
  });

  it('a run left without an end and held by nobody is refused at once, as before', async () => {
    const ncA = await connect();
    const a = await runOnReplicaA(ncA, 'fixup', 'mig-5-fixup-1');
    await a.release();
    const b = await replicaB();
    const started = Date.now();
    await expect(b.fixUpReplica({ fixupId: 'mig-5-fixup-1', root: work })).rejects.toThrow('fixup mig-5-fixup-1 has 1 event(s) but no end, and no guest-prep replica runs it: it was interrupted; start a new run with a new id');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a replica that really runs a fixup holds it only while it runs; another replica sent the command later answers from its events', async () => {
    const image = join(work, 'zero-flat.vmdk');
    await execOk('truncate', ['-s', '8M', image]);
    const [b, c] = [await replicaB(), await replicaB()];
    const cmd = { fixupId: 'mig-6-fixup-1', diskImages: [image] };
    const ran = await b.fixUpReplicaDisks(cmd);
    expect({ ok: ran.ok, skipped: ran.skipped }).toEqual({ ok: true, skipped: true });
    expect(await new NatsRunOwners(await connect(), 'guest-prep').held('fixup', 'mig-6-fixup-1')).toBe(false);
    const again = await c.fixUpReplicaDisks(cmd);
    expect(again.steps).toEqual(ran.steps);
  });

  it('a run held for longer than the follower waits at most is given up, naming where it runs', async () => {
    const a = await runOnReplicaA(await connect(), 'fixup', 'mig-7-fixup-1');
    const b = new GuestPrepService(await JetStreamEventStore.open(await connect()), Date.now, undefined, { owners: new NatsRunOwners(await connect(), 'guest-prep'), everyMs: 50, atMostMs: 400 });
    await expect(b.fixUpReplicaDisks({ fixupId: 'mig-7-fixup-1', diskImages: [join(work, 'disk0-flat.vmdk')] })).rejects.toThrow(
      'fixup mig-7-fixup-1 is still running on another guest-prep replica after 0.4 s; look at that replica (its log names the run), or start a new run with a new id',
    );
    await a.release();
  });
});
