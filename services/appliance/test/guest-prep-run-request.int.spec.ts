// requestGuestPrepRun against a real nats-server with the site's identities: the appliance asks, a
// responder with guest-prep's identity plays the replica (holding the run with the service's own
// NatsRunOwners). A run someone holds is never sent twice; a run nobody holds is sent again until the
// reply comes or the time is up.
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection } from 'nats';
import { ferry } from '@ferry/proto';
import { NatsRunOwners, runOwnerSubject, wrap } from '@ferry/service-kit';
import { startNats, type NatsHandle } from '@ferry/testing';
import { FIXUP_SUBJECT } from '../src/adapters';
import { requestGuestPrepRun } from '../src/adapters/guest-prep-run-request';

jest.setTimeout(60_000);

let nats: NatsHandle;
let appliance: NatsConnection;
let replica: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  appliance = await nats.connect('appliance');
  replica = await nats.connect('guest-prep');
});
afterAll(async () => {
  await appliance?.close();
  await replica?.close();
  await nats?.stop();
});

const command = (fixupId: string) => ferry.guestprep.v1.FixUpReplicaDisks.create({ fixupId, diskImages: ['/nowhere/disk-flat.vmdk'] });

/** A replica that takes each send, holds the run for `runMs` as guest-prep does (letting go before it replies), then replies. */
function slowReplica(id: string, runMs: number): { sends: () => number; stop: () => void } {
  let sends = 0;
  const owners = new NatsRunOwners(replica, 'guest-prep');
  const subscription = replica.subscribe(FIXUP_SUBJECT, {
    callback: (error, message) => {
      if (error) return;
      sends++;
      void (async () => {
        const release = await owners.hold('fixup', id);
        await sleep(runMs);
        await release();
        message.respond(wrap(ferry.guestprep.v1.FixUpReplicaDisksReply.create({ ok: true, message: `ran ${id}` })));
      })();
    },
  });
  return { sends: () => sends, stop: () => subscription.unsubscribe() };
}

describe('requestGuestPrepRun', () => {
  it('a run a replica holds is sent once, however many checks it outlasts', async () => {
    const taker = slowReplica('mig-held-fixup-1', 1_500);
    await replica.flush();
    try {
      const reply = await requestGuestPrepRun<{ message: string }>(appliance, FIXUP_SUBJECT, command('mig-held-fixup-1'), { aggregate: 'fixup', id: 'mig-held-fixup-1' }, { timeoutMs: 20_000, checkEveryMs: 100 });
      expect(reply.message).toBe('ran mig-held-fixup-1');
      expect(taker.sends()).toBe(1);
    } finally {
      taker.stop();
    }
  });

  /** A replica that replies to each send after `replyMs` without holding the run; counts the sends. */
  function lateReplier(replyMs: number): { sends: () => number; stop: () => void } {
    let sends = 0;
    const subscription = replica.subscribe(FIXUP_SUBJECT, {
      callback: (_error, message) => {
        sends++;
        setTimeout(() => message.respond(wrap(ferry.guestprep.v1.FixUpReplicaDisksReply.create({ ok: true }))), replyMs);
      },
    });
    return { sends: () => sends, stop: () => subscription.unsubscribe() };
  }

  it('a holder that does not answer in time (a frozen process) counts as holding: no second send', async () => {
    // Subscribed to the run's subject but never answering, as a replica stopped by SIGSTOP would be.
    const frozen = replica.subscribe(runOwnerSubject('guest-prep', 'fixup', 'mig-frozen-fixup-1'));
    // The reply comes after two questions have timed out (2 s each): had they counted as "nobody", the run would have gone twice.
    const taker = lateReplier(5_000);
    await replica.flush();
    try {
      await requestGuestPrepRun(appliance, FIXUP_SUBJECT, command('mig-frozen-fixup-1'), { aggregate: 'fixup', id: 'mig-frozen-fixup-1' }, { timeoutMs: 20_000, checkEveryMs: 100 });
      expect(taker.sends()).toBe(1);
    } finally {
      taker.stop();
      frozen.unsubscribe();
    }
  });

  it('a question about the holder that NATS refuses counts as held: no second send', async () => {
    // inventory's identity may not ask guest-prep's run-owner subjects: each question fails with a permissions violation.
    const refused = await nats.connect('inventory');
    const taker = lateReplier(800);
    await replica.flush();
    try {
      const owners = new NatsRunOwners(refused, 'guest-prep');
      await expect(owners.held('fixup', 'mig-refused-fixup-1')).rejects.toThrow();
      await requestGuestPrepRun(appliance, FIXUP_SUBJECT, command('mig-refused-fixup-1'), { aggregate: 'fixup', id: 'mig-refused-fixup-1' }, { timeoutMs: 20_000, checkEveryMs: 100, owners });
      expect(taker.sends()).toBe(1);
    } finally {
      taker.stop();
      await refused.close();
    }
  });

  it('a run nobody holds is sent again after two empty checks, until the time is up; then the request fails as before', async () => {
    let sends = 0;
    const swallower = replica.subscribe(FIXUP_SUBJECT, { callback: () => void sends++ });
    await replica.flush();
    try {
      const started = Date.now();
      await expect(requestGuestPrepRun(appliance, FIXUP_SUBJECT, command('mig-gone-fixup-1'), { aggregate: 'fixup', id: 'mig-gone-fixup-1' }, { timeoutMs: 1_500, checkEveryMs: 200 })).rejects.toThrow(`no reply on ${FIXUP_SUBJECT} within`);
      expect(Date.now() - started).toBeLessThan(3_000);
      // Sent at 0 and after each pair of empty checks (about 0.4 s, plus the questions' own time).
      expect(sends).toBeGreaterThanOrEqual(2);
      expect(sends).toBeLessThanOrEqual(4);
    } finally {
      swallower.unsubscribe();
    }
  });
});
