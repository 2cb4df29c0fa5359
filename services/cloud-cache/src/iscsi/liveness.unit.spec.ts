import { ConnectionWatch } from './liveness';

const policy = { loginTimeoutMs: 500, nopIntervalMs: 1000, nopTimeoutMs: 300 };

describe('ConnectionWatch', () => {
  it('given a connection that never logs in, when the login timeout passes, then it is closed', () => {
    const watch = new ConnectionWatch(policy, 0);
    expect(watch.due(499)).toEqual({ kind: 'sleep', until: 500 });
    watch.heard(400); // PDUs before login do not extend the deadline
    expect(watch.due(500)).toEqual({ kind: 'close', why: 'login-timeout' });
  });

  it('given a logged-in connection, when it stays silent for the interval, then it is pinged with a fresh tag and closed when no answer comes', () => {
    const watch = new ConnectionWatch(policy, 0);
    watch.loggedIn(100);
    expect(watch.due(600)).toEqual({ kind: 'sleep', until: 1100 });
    expect(watch.due(1100)).toEqual({ kind: 'ping', ttt: 0x80000000, until: 1400 });
    expect(watch.due(1399)).toEqual({ kind: 'sleep', until: 1400 });
    expect(watch.due(1400)).toEqual({ kind: 'close', why: 'nop-timeout' });
  });

  it('given a ping in flight, when the NOP-Out echoes its tag, then the connection is idle again and the next ping has a new tag', () => {
    const watch = new ConnectionWatch(policy, 0);
    watch.loggedIn(0);
    const first = watch.due(1000);
    expect(watch.answered(0x12345678, 1100)).toBe(false);
    expect(watch.answered(first.kind === 'ping' ? first.ttt : -1, 1100)).toBe(true);
    expect(watch.due(1400)).toEqual({ kind: 'sleep', until: 2100 });
    expect(watch.due(2100)).toEqual({ kind: 'ping', ttt: 0x80000001, until: 2400 });
  });

  it('given traffic, when PDUs keep arriving, then no ping is sent; any PDU settles a ping in flight', () => {
    const watch = new ConnectionWatch(policy, 0);
    watch.loggedIn(0);
    watch.heard(900);
    expect(watch.due(1000)).toEqual({ kind: 'sleep', until: 1900 });
    expect(watch.due(1900).kind).toBe('ping');
    watch.heard(2000);
    expect(watch.due(2300)).toEqual({ kind: 'sleep', until: 3000 });
  });

  it('given a ping queued behind a Data-In backlog the peer is still reading, then the deadline moves instead of closing', () => {
    const watch = new ConnectionWatch(policy, 0);
    watch.loggedIn(0);
    watch.due(1000, { pending: 1 << 20, flushed: 5000 });
    expect(watch.due(1300, { pending: 1 << 19, flushed: 9000 })).toEqual({ kind: 'sleep', until: 1600 });
    expect(watch.due(1600, { pending: 1 << 19, flushed: 9000 })).toEqual({ kind: 'close', why: 'nop-timeout' });
  });

  it('given a closed connection, then nothing more is due', () => {
    const watch = new ConnectionWatch(policy, 0);
    watch.stop();
    expect(watch.due(10_000)).toEqual({ kind: 'stopped' });
  });
});
