import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrencyError, grpcStatusOf } from '@ferry/errors';
import { SessionLease, type LeaseRecord } from './session-lease';

const TTL = 10_000;
const replicaA = { holder: 'cm-a:6000', ttlMs: TTL };
const replicaB = { holder: 'cm-b:6000', ttlMs: TTL };
const onLost = (): void => undefined;

describe('a session lease on a disk shared by receiver replicas', () => {
  let dir: string;
  let clock: number;
  const now = (): number => clock;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-lease-'));
    clock = 1_000_000;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const held = async (): Promise<LeaseRecord | undefined> => readFile(join(dir, 'lease.json'), 'utf8').then((text) => JSON.parse(text) as LeaseRecord, () => undefined);

  it('is refused to another replica while fresh, with ABORTED naming the holder and when it runs out', async () => {
    const lease = await SessionLease.take(dir, replicaA, 's1', 'm/d', onLost, now);
    clock += 4000;
    const refusal = SessionLease.take(dir, replicaB, 's2', 'm/d', onLost, now);
    await expect(refusal).rejects.toThrow(ConcurrencyError);
    await expect(refusal).rejects.toThrow(/m\/d is being written by receiver replica cm-a:6000 \(session s1\); its lease runs out in 6\.0 s/);
    expect(grpcStatusOf(await refusal.catch((error: unknown) => error))).toBe(10);
    await lease.release();
  });

  it('is taken over by another replica once the holder stopped renewing it (killed) and it ran out', async () => {
    await SessionLease.take(dir, replicaA, 's1', 'm/d', onLost, now); // never released: the holder died
    clock += TTL + 1;
    const lease = await SessionLease.take(dir, replicaB, 's2', 'm/d', onLost, now);
    expect(await held()).toEqual({ holder: 'cm-b:6000', sessionId: 's2', expiresAt: clock + TTL });
    await lease.release();
    expect(await held()).toBeUndefined();
  });

  it('is renewed while the session runs, and a holder that finds it taken by another (it stalled past its TTL) is told', async () => {
    const lost: Error[] = [];
    const lease = await SessionLease.take(dir, { holder: 'cm-a:6000', ttlMs: 300 }, 's1', 'm/d', (error) => lost.push(error));
    const firstExpiry = (await held())!.expiresAt;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await held())!.expiresAt).toBeGreaterThan(firstExpiry);
    await writeFile(join(dir, 'lease.json'), JSON.stringify({ holder: 'cm-b:6000', sessionId: 's2', expiresAt: Date.now() + 10_000 }));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(ConcurrencyError);
    expect(lost[0]!.message).toMatch(/m\/d is being written by receiver replica cm-b:6000 \(session s2\)/);
    await lease.release();
    expect((await held())?.holder).toBe('cm-b:6000'); // not ours to remove
  });

  it('is taken back at once by the same replica (restarted, or a new session superseding its own), and only the holder\'s release removes it', async () => {
    const first = await SessionLease.take(dir, replicaA, 's1', 'm/d', onLost, now);
    const second = await SessionLease.take(dir, replicaA, 's2', 'm/d', onLost, now);
    await first.release();
    expect((await held())?.sessionId).toBe('s2');
    await second.release();
    expect(await held()).toBeUndefined();
  });
});
