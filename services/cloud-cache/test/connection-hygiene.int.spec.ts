/**
 * Connection hygiene of our iSCSI target against real sockets and real initiators (libiscsi's
 * iscsi-inq, qemu-img and qemu-io), all on 127.0.0.1: floods come from other loopback addresses
 * (127.0.0.2…) so that the per-address cap tells them from the well-behaved initiator.
 *  (a) 2,000 raw connections in bounded batches: the excess over the per-address cap is refused at
 *      once, the rest are closed after the login timeout, a well-behaved initiator logs in and reads
 *      throughout and after; over the total cap new connections are refused while a logged-in
 *      session keeps reading.
 *  (b) a truncated header or a half-done login, then silence: closed after the login timeout.
 *  (c) NOP-In keep-alive: an idle qemu-io session answers the pings and stays usable; a raw client
 *      that logs in and ignores them is closed after interval + timeout.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCacheTarget, type CacheTarget } from '../src/cache-target';
import type { ConnectionPolicy } from '../src/iscsi/connection-policy';
import { InteractiveQemuIo } from './support/interactive-qemu-io';
import { RawInitiator } from './support/raw-initiator';
import { run } from './support/tools';

const IQN = 'iqn.2024-01.io.ferry:hygiene';
const LOGIN_TIMEOUT_MS = 500;
/** Flood sources: 127.0.0.2 … 127.0.0.11. */
const FLOOD_ADDRESSES = Array.from({ length: 10 }, (_, i) => `127.0.0.${i + 2}`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface FloodResult {
  opened: number;
  refused: number;
  closedByTimeout: number;
  stillOpen: number;
  ms: number;
}

/**
 * Opens `total` raw connections in batches of `batch` (spread over FLOOD_ADDRESSES), each idle or
 * (every `halfLoginEvery`-th) sending a security-stage Login Request and then nothing; waits for the
 * target to close each one (at most `closeWithinMs`). A close before 0.9 × the login timeout is a
 * refusal; a later one a timeout. `whileHeld` runs once per batch while its connections are open.
 */
async function flood(port: number, o: { total: number; batch: number; halfLoginEvery: number; closeWithinMs: number; whileHeld?: () => Promise<void> }): Promise<FloodResult> {
  const result: FloodResult = { opened: 0, refused: 0, closedByTimeout: 0, stillOpen: 0, ms: 0 };
  const started = Date.now();
  const half = RawInitiator.loginRequest(IQN, { stage: 'security' });
  for (let first = 0; first < o.total; first += o.batch) {
    const connected: Promise<void>[] = [];
    const closes = Array.from({ length: Math.min(o.batch, o.total - first) }, (_, k) => {
      const i = first + k;
      const opened = Date.now();
      const socket = connect({ port, host: '127.0.0.1', localAddress: FLOOD_ADDRESSES[i % FLOOD_ADDRESSES.length] });
      socket.on('error', () => undefined); // a refused socket may be reset under a write
      socket.resume(); // read (and drop) the Login Response, else the target's FIN is never seen
      connected.push(new Promise((resolve) => socket.once('connect', () => resolve()).once('close', () => resolve())));
      socket.once('connect', () => {
        result.opened++;
        if (i % o.halfLoginEvery === 0) socket.write(half);
      });
      return new Promise<number | undefined>((resolve) => {
        const timer = setTimeout(() => {
          socket.destroy();
          resolve(undefined);
        }, o.closeWithinMs);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve(Date.now() - opened);
        });
      });
    });
    await Promise.all(connected);
    if (o.whileHeld) await o.whileHeld();
    for (const lived of await Promise.all(closes)) {
      if (lived === undefined) result.stillOpen++;
      else if (lived < LOGIN_TIMEOUT_MS * 0.9) result.refused++;
      else result.closedByTimeout++;
    }
  }
  result.ms = Date.now() - started;
  return result;
}

describe('iSCSI connection hygiene', () => {
  let dir: string;
  let image: string;
  let source: Buffer;
  const targets: CacheTarget[] = [];
  let logs: string[] = [];
  const url = (target: CacheTarget): string => `iscsi://127.0.0.1:${target.port}/${IQN}/0`;

  const startTarget = async (connections: Partial<ConnectionPolicy>): Promise<CacheTarget> => {
    const target = await startCacheTarget({
      host: '127.0.0.1',
      port: 0,
      cacheDir: join(dir, `cache-${targets.length}`),
      hydrate: false,
      // This test is about connection hygiene, not login: its raw initiator logs in without CHAP.
      targets: [{ name: IQN, auth: { kind: 'none' }, luns: [{ lun: 0, source: image }] }],
      allowNoAuth: { by: 'the connection-hygiene test allows it' },
      connections,
      log: (m) => logs.push(m),
    });
    targets.push(target);
    return target;
  };

  /** iscsi-inq, then a qemu-img copy compared with the source, until `stop()` (at least once); returns rounds and failures. */
  const wellBehaved = async (target: CacheTarget, stop: () => boolean): Promise<{ rounds: number; failures: string[] }> => {
    const failures: string[] = [];
    let rounds = 0;
    do {
      const inq = await run('iscsi-inq', [url(target)], { timeoutMs: 30_000 });
      if (inq.code !== 0) failures.push(`iscsi-inq: ${inq.stderr.trim()}`);
      const out = join(dir, 'copy.raw');
      const copy = await run('qemu-img', ['convert', '-O', 'raw', url(target), out], { timeoutMs: 60_000 });
      if (copy.code !== 0) failures.push(`qemu-img: ${copy.stderr.trim()}`);
      else if (!(await readFile(out)).equals(source)) failures.push('qemu-img: the copy differs from the source');
      rounds++;
    } while (!stop());
    return { rounds, failures };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-hygiene-'));
    image = join(dir, 'source.raw');
    // 4 MiB: the first MiB a known pattern (qemu-io read -P checks it), the rest random.
    source = Buffer.concat([Buffer.alloc(1 << 20, 0x5c), randomBytes(3 << 20)]);
    await writeFile(image, source);
  });

  beforeEach(() => {
    logs = [];
  });

  afterAll(async () => {
    for (const t of targets) await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('(a) 2,000 connections: the excess over the per-address cap is refused at once, the rest closed after the login timeout; a well-behaved initiator logs in and reads throughout and after', async () => {
    const target = await startTarget({ loginTimeoutMs: LOGIN_TIMEOUT_MS, maxConnectionsPerAddress: 16, maxConnections: 200 });
    let flooding = true;
    const during = wellBehaved(target, () => !flooding);
    // 10 batches of 200 (20 per address against a cap of 16), one in ten half-logged-in.
    const result = await flood(target.port, { total: 2000, batch: 200, halfLoginEvery: 10, closeWithinMs: 5000 });
    flooding = false;
    const throughout = await during;
    const after = await wellBehaved(target, () => true);
    const stats = target.portal.connectionStats();
    // Each burst is summed up in one line once it has been quiet for 3 s.
    await waitUntil(() => logs.some((l) => l.includes('refused over a connection cap: ')) && logs.some((l) => l.includes('closed by a login or NOP-In timeout: ')), 10_000);
    const refusalLines = logs.filter((l) => l.includes('refused'));
    const timeoutLines = logs.filter((l) => l.includes('did not complete within') || l.includes('closed by a login or NOP-In timeout'));
    console.log(
      `(a) flood: opened ${result.opened}, refused at once ${result.refused} (target: ${stats.refusedPerAddress} per-address, ${stats.refusedTotal} total cap), ` +
        `closed by the login timeout ${result.closedByTimeout} (target: ${stats.loginTimeouts}), still open ${result.stillOpen}, in ${result.ms} ms; ` +
        `well-behaved initiator: ${throughout.rounds} rounds (iscsi-inq + qemu-img copy) during, ${after.rounds} after, ${throughout.failures.length + after.failures.length} failures; ` +
        `log lines: ${refusalLines.length} about refusals, ${timeoutLines.length} about timeouts`,
    );
    expect(result.opened).toBe(2000);
    expect(result.stillOpen).toBe(0);
    expect(result.refused + result.closedByTimeout).toBe(2000);
    expect(result.refused).toBeGreaterThanOrEqual(10 * 4 * 10); // at least the excess of every batch
    expect(result.refused).toBe(stats.refusedPerAddress);
    expect(stats.refusedTotal).toBe(0);
    expect(result.closedByTimeout).toBe(stats.loginTimeouts);
    expect(throughout.failures).toEqual([]);
    expect(after.failures).toEqual([]);
    expect(throughout.rounds).toBeGreaterThanOrEqual(1);
    // One line when the refusals start (and one summary when they stop), not one per connection.
    expect(refusalLines.length).toBeGreaterThanOrEqual(1);
    expect(refusalLines.length).toBeLessThanOrEqual(6);
    expect(timeoutLines.length).toBeLessThanOrEqual(15);
    for (const line of [...refusalLines, ...timeoutLines].slice(0, 3)) console.log(`(a) log: ${line}`);
    await waitUntil(() => target.portal.connectionStats().open === 0, 5000);
  }, 180_000);

  it('(a) over the total cap a new connection is refused at once while a session already logged in keeps reading; after the flood a new login succeeds', async () => {
    const target = await startTarget({ loginTimeoutMs: LOGIN_TIMEOUT_MS, maxConnectionsPerAddress: 64, maxConnections: 40 });
    const qemu = await InteractiveQemuIo.open(url(target));
    try {
      expect(await qemu.command('read -P 0x5c 0 64k')).toContain('read 65536/65536 bytes at offset 0');
      let heldAtPeak = 0;
      let readWhileFull = '';
      const result = await flood(target.port, {
        total: 100,
        batch: 100,
        halfLoginEvery: 5,
        closeWithinMs: 5000,
        whileHeld: async () => {
          const seen = (): number => target.portal.connectionStats().accepted + target.portal.connectionStats().refusedTotal;
          await waitUntil(() => seen() >= 1 + 100, 2000); // qemu-io's connection and the whole flood reached the target
          heldAtPeak = target.portal.connectionStats().open;
          readWhileFull = await qemu.command('read -P 0x5c 512k 64k');
        },
      });
      const stats = target.portal.connectionStats();
      const inq = await run('iscsi-inq', [url(target)], { timeoutMs: 30_000 });
      console.log(`(a) total cap 40: opened ${result.opened}, refused at once ${result.refused} (target: ${stats.refusedTotal} by the total cap), closed by the login timeout ${result.closedByTimeout}, held at the peak ${heldAtPeak}, in ${result.ms} ms`);
      expect(heldAtPeak).toBe(40);
      expect(readWhileFull).toContain('read 65536/65536 bytes at offset 524288');
      expect(result.refused).toBe(stats.refusedTotal);
      expect(result.refused).toBeGreaterThanOrEqual(60);
      expect(result.refused + result.closedByTimeout).toBe(100);
      expect(inq.code).toBe(0);
      expect(await qemu.command('read -P 0x5c 960k 64k')).toContain('read 65536/65536 bytes');
      expect(logs.filter((l) => l.includes('its total cap (ISCSI_MAX_CONNECTIONS)'))).toHaveLength(1);
    } finally {
      await qemu.close();
    }
  }, 120_000);

  it('(b) a truncated header, or a login stopped half-way, and then silence: closed after the login timeout and logged with how far it got', async () => {
    const target = await startTarget({ loginTimeoutMs: LOGIN_TIMEOUT_MS });
    const truncated = await RawInitiator.connect(target.port);
    const halfway = await RawInitiator.connect(target.port);
    const t0 = Date.now();
    truncated.socket.write(RawInitiator.loginRequest(IQN).subarray(0, 20));
    halfway.socket.write(RawInitiator.loginRequest(IQN, { stage: 'security', initiator: 'iqn.2024-01.io.ferry:halfway' }));
    const [truncatedAt, halfwayAt] = await Promise.all([truncated.closed, halfway.closed]);
    console.log(`(b) truncated header closed after ${truncatedAt - t0} ms, half-way login after ${halfwayAt - t0} ms (login timeout ${LOGIN_TIMEOUT_MS} ms)`);
    for (const at of [truncatedAt, halfwayAt]) {
      expect(at - t0).toBeGreaterThanOrEqual(LOGIN_TIMEOUT_MS - 20);
      expect(at - t0).toBeLessThan(LOGIN_TIMEOUT_MS + 2000);
    }
    expect(logs.some((l) => /login from 127\.0\.0\.1:\d+ did not complete within 500 ms \(no complete PDU, then a partial PDU header \(20 of 48 bytes\)\)/.test(l))).toBe(true);
    expect(logs.some((l) => l.includes('(1 login PDU(s) answered, in security negotiation as "iqn.2024-01.io.ferry:halfway" to "iqn.2024-01.io.ferry:hygiene")'))).toBe(true);
    expect((await run('iscsi-inq', [url(target)])).code).toBe(0);
  }, 60_000);

  describe('(c) NOP-In keep-alive', () => {
    const NOP = { nopIntervalMs: 700, nopTimeoutMs: 500 };
    let target: CacheTarget;
    beforeAll(async () => {
      target = await startTarget(NOP);
    });

    it('an idle qemu-io session (libiscsi) answers the pings and still reads and writes correctly after pauses longer than interval + timeout', async () => {
      const before = target.portal.connectionStats();
      const qemu = await InteractiveQemuIo.open(url(target));
      try {
        expect(await qemu.command('read -P 0x5c 0 64k')).toContain('read 65536/65536 bytes at offset 0');
        await sleep(2500);
        expect(await qemu.command('read -P 0x5c 512k 64k')).toContain('read 65536/65536 bytes at offset 524288');
        expect(await qemu.command('write -P 0xa7 2M 64k')).toContain('wrote 65536/65536 bytes');
        await sleep(2500);
        expect(await qemu.command('read -P 0xa7 2M 64k')).toContain('read 65536/65536 bytes at offset 2097152');
      } finally {
        await qemu.close();
      }
      const after = target.portal.connectionStats();
      const figures = { logins: after.loggedIn - before.loggedIn, nopsSent: after.nopsSent - before.nopsSent, nopsAnswered: after.nopsAnswered - before.nopsAnswered, nopTimeouts: after.nopTimeouts - before.nopTimeouts };
      console.log(`(c) qemu-io idle 2 × 2.5 s with NOP interval ${NOP.nopIntervalMs} ms, timeout ${NOP.nopTimeoutMs} ms: ${JSON.stringify(figures)}`);
      expect(figures.logins).toBe(1); // one session throughout: libiscsi did not have to reconnect
      expect(figures.nopTimeouts).toBe(0);
      expect(figures.nopsSent).toBeGreaterThanOrEqual(4);
      expect(figures.nopsAnswered).toBe(figures.nopsSent);
    }, 60_000);

    it('a raw client that logs in and ignores the NOP-In is closed after interval + timeout; one that answers stays', async () => {
      const ignoring = await RawInitiator.connect(target.port);
      const answering = await RawInitiator.connect(target.port);
      await Promise.all([ignoring.login(IQN), answering.login(IQN)]);
      const loggedInAt = Date.now();
      const ping = await ignoring.next(5000);
      const pingAfter = Date.now() - loggedInAt;
      expect(ping.opcode).toBe(0x20);
      expect(ping.bhs.readUInt32BE(16)).toBe(0xffffffff); // not an answer to anything of ours
      expect(ping.bhs.readUInt32BE(20)).not.toBe(0xffffffff); // a tag: an answer is required
      const tags = new Set<number>();
      while (Date.now() - loggedInAt < 3000) {
        const nop = await answering.next(2000);
        expect(nop.opcode).toBe(0x20);
        tags.add(nop.bhs.readUInt32BE(20));
        answering.answer(nop);
      }
      const closedAfter = (await ignoring.closed) - loggedInAt;
      console.log(`(c) raw client: first NOP-In ${pingAfter} ms after login, closed ${closedAfter} ms after login without an answer; the answering one got ${tags.size} pings with distinct tags and is open`);
      expect(pingAfter).toBeGreaterThanOrEqual(NOP.nopIntervalMs - 20);
      expect(closedAfter).toBeGreaterThanOrEqual(NOP.nopIntervalMs + NOP.nopTimeoutMs - 20);
      expect(closedAfter).toBeLessThan(NOP.nopIntervalMs + NOP.nopTimeoutMs + 1500);
      expect(answering.socket.destroyed).toBe(false);
      expect(tags.size).toBeGreaterThanOrEqual(3);
      expect(logs.some((l) => l.includes('"iqn.2024-01.io.ferry:raw-initiator", session') && l.includes('did not answer a NOP-In ping within 500 ms'))).toBe(true);
      answering.destroy();
    }, 30_000);

    it('a logged-in client that sends a truncated header and then nothing is closed after interval + timeout', async () => {
      const client = await RawInitiator.connect(target.port);
      await client.login(IQN);
      const t0 = Date.now();
      client.socket.write(Buffer.alloc(20)); // 20 of a NOP-Out's 48 header bytes
      const closedAfter = (await client.closed) - t0;
      console.log(`(c) truncated header after login: closed after ${closedAfter} ms`);
      expect(closedAfter).toBeGreaterThanOrEqual(NOP.nopIntervalMs + NOP.nopTimeoutMs - 20);
      expect(closedAfter).toBeLessThan(NOP.nopIntervalMs + NOP.nopTimeoutMs + 1500);
      expect(logs.some((l) => l.includes('did not answer a NOP-In ping within 500 ms, then a partial PDU header (20 of 48 bytes)'))).toBe(true);
    }, 30_000);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
