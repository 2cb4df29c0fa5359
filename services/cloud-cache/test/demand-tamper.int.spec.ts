/**
 * A compromised cloud-manager answering the cache's demand reads: a real iSCSI target over cache
 * volumes fed by the feed, qemu-io / qemu-img as the guest's initiator, and a test lane dialler holding
 * cloud-manager's certificate that seals the source correctly with the site key but tampers with what
 * it sends. The guest gets the source's bytes or a SCSI error, never anything else.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkFrame } from '@ferry/block-pipeline';
import { makeTempDir } from '@ferry/testing';
import type { CacheVolume } from '../src/cache/cache-volume';
import { remoteFetchMetrics } from '../src/feed/remote-fetcher';
import { startFeed, type Feed } from '../src/feed/start-feed';
import { IscsiPortal } from '../src/iscsi/portal';
import type { IscsiTarget } from '../src/iscsi/portal-context';
import { cacheTarget, dialHostilePeer, type HostilePeer } from './support/hostile-peer';
import { run } from './support/tools';

const MiB = 1 << 20;
const CHUNK = MiB;
const SIZE = 8 * MiB;
const PATTERN = 0x5a;
const PATTERN_CHUNK = 5; // filled with PATTERN in the source, random data elsewhere
const readPattern = `read -P 0x${PATTERN.toString(16)} ${PATTERN_CHUNK}M 1M`;

const flipCiphertext = (f: ChunkFrame): ChunkFrame => {
  const ciphertext = Buffer.from(f.ciphertext);
  ciphertext[ciphertext.length >> 1]! ^= 0x40;
  return { ...f, ciphertext };
};

describe('demand reads answered by a compromised cloud-manager', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let caDir: string;
  let feed: Feed;
  let iscsiPort: number;
  const portals: IscsiPortal[] = [];
  const volumes: CacheVolume[] = [];
  const feedLog: string[] = [];
  const peers: HostilePeer[] = [];
  const source = randomBytes(SIZE).fill(PATTERN, PATTERN_CHUNK * CHUNK, (PATTERN_CHUNK + 1) * CHUNK);

  beforeAll(async () => {
    ({ dir: root, cleanup } = await makeTempDir('ferry-tamper-'));
    caDir = join(root, 'site-ca');
    feed = await startFeed({ host: '127.0.0.1', port: 0, caDir, volumeOf: () => undefined, log: (line) => feedLog.push(line) });
  }, 60_000);

  // A case's peer must not outlive it: the feed sends a request down any open lane.
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.close();
    for (const portal of portals.splice(0)) await portal.close();
    for (const v of volumes.splice(0)) await v.close();
  });

  afterAll(async () => {
    await feed?.close();
    await cleanup?.();
  });

  const url = (iqn: string): string => `iscsi://127.0.0.1:${iscsiPort}/${iqn}/0`;
  /** A fresh cache volume (its own directory) of migrationId/disk-0, as LUN 0 of target `iqn`. */
  const volume = async (iqn: string, migrationId: string): Promise<{ volume: CacheVolume; target: IscsiTarget }> => {
    const made = await cacheTarget({ feed, dir: join(root, iqn.split(':')[1]!), iqn, migrationId, diskId: 'disk-0', size: SIZE, chunkSize: CHUNK });
    volumes.push(made.volume);
    return made;
  };
  /** The case's iSCSI portal serving `targets`. */
  const serve = async (...targets: IscsiTarget[]): Promise<void> => {
    const portal = new IscsiPortal({ host: '127.0.0.1', port: 0, targets });
    portals.push(portal);
    iscsiPort = await portal.listen();
  };
  const peer = async (migrationId: string): Promise<HostilePeer> => {
    const p = await dialHostilePeer({ caDir, feed, migrationId, diskId: 'disk-0', source, chunkSize: CHUNK });
    peers.push(p);
    return p;
  };
  const guestRead = async (iqn: string): Promise<string> => {
    const r = await run('qemu-io', ['-f', 'raw', '-c', readPattern, url(iqn)]);
    return `exit ${r.code}\n${r.stdout}${r.stderr}`;
  };
  const metrics = () => ({ ...remoteFetchMetrics });

  it('given a peer that flips a ciphertext byte of every frame, when the guest reads, then the read fails with an I/O error and nothing is cached', async () => {
    const iqn = 'iqn.2026-12.io.ferry:tamper-always';
    const { volume: cached, target } = await volume(iqn, 'm-tamper-always');
    await serve(target);
    const hostile = await peer('m-tamper-always');
    hostile.tamper = (a) => flipCiphertext(a.fresh);
    const before = metrics();

    const out = await guestRead(iqn);

    expect(out).toMatch(/^exit [1-9]/);
    expect(out).toMatch(/read failed: Input\/output error/);
    expect(out).toMatch(/SENSE KEY:.*\(3\) ASCQ:.*\(0x1100\)/); // MEDIUM ERROR, unrecovered read error
    expect(out).not.toMatch(/read 1048576\/1048576 bytes/);
    // Every try was answered, and every answer refused by the cache.
    expect(hostile.asks(PATTERN_CHUNK)).toBeGreaterThanOrEqual(3);
    expect(remoteFetchMetrics.rejectedFrames - before.rejectedFrames).toBe(hostile.asks(PATTERN_CHUNK));
    expect(remoteFetchMetrics.failures - before.failures).toBeGreaterThanOrEqual(1);
    expect(remoteFetchMetrics.chunks - before.chunks).toBe(0);
    expect(cached.isPresent(PATTERN_CHUNK)).toBe(false);
    expect(cached.presentChunks()).toBe(0);
    expect(feedLog.join('\n')).toMatch(/demand frame rejected: .*authentication tag does not verify/);
  }, 120_000);

  it('given a peer that replays the frame it sent for an earlier request, when the chunk is asked again, then that frame is refused and the retry brings the source bytes', async () => {
    const hostile = await peer('m-replay');
    // The disk is read once through one volume: the peer answers honestly and keeps its frame.
    const first = 'iqn.2026-12.io.ferry:tamper-replay-first';
    const again = 'iqn.2026-12.io.ferry:tamper-replay-again';
    const [one, two] = [await volume(first, 'm-replay'), await volume(again, 'm-replay')];
    await serve(one.target, two.target);
    expect(await guestRead(first)).toMatch(/read 1048576\/1048576 bytes at offset 5242880/);
    // A fresh volume of the same disk asks for the chunk again; the peer answers with the old frame (same counter).
    const cached = two.volume;
    hostile.tamper = (a) => (a.attempt === 2 ? a.earlier[0]! : a.fresh);
    const before = metrics();

    const out = await guestRead(again);

    expect(out).toMatch(/read 1048576\/1048576 bytes at offset 5242880/);
    expect(out).not.toMatch(/Pattern verification failed|Input\/output error/);
    expect(hostile.asks(PATTERN_CHUNK)).toBe(3); // first volume once; again: the replay, then the retry
    expect(remoteFetchMetrics.rejectedFrames - before.rejectedFrames).toBe(1);
    expect(remoteFetchMetrics.retries - before.retries).toBe(1);
    expect(remoteFetchMetrics.failures - before.failures).toBe(0);
    expect(feedLog.join('\n')).toMatch(new RegExp(`chunk ${PATTERN_CHUNK} replays counter \\d+, already accepted in this session`));
    expect(cached.isPresent(PATTERN_CHUNK)).toBe(true);
  }, 120_000);

  it('given a peer that tampers only with the first try of each chunk, when the guest reads the whole disk, then it gets exactly the source bytes', async () => {
    const iqn = 'iqn.2026-12.io.ferry:tamper-first-try';
    const { volume: cached, target } = await volume(iqn, 'm-tamper-first');
    await serve(target);
    const hostile = await peer('m-tamper-first');
    hostile.tamper = (a) => (a.attempt === 1 ? flipCiphertext(a.fresh) : a.fresh);
    const before = metrics();

    const out = await guestRead(iqn);
    const copy = join(root, 'first-try.raw');
    const convert = await run('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', url(iqn), copy]);

    expect(out).toMatch(/read 1048576\/1048576 bytes at offset 5242880/);
    expect(out).not.toMatch(/Pattern verification failed|Input\/output error/);
    expect(convert.stderr).toBe('');
    expect(convert.code).toBe(0);
    expect((await readFile(copy)).equals(source)).toBe(true);
    expect(cached.presentChunks()).toBe(SIZE / CHUNK);
    // Each chunk's first answer was refused and retried; no read failed.
    expect(remoteFetchMetrics.rejectedFrames - before.rejectedFrames).toBe(SIZE / CHUNK);
    expect(remoteFetchMetrics.failures - before.failures).toBe(0);
  }, 180_000);
});
