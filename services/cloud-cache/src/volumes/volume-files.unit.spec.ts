/**
 * What a volume leaves on disk: the definition without secrets, the CHAP credentials in a 0600 file,
 * and enough to serve it again from a new registry (as after a restart); half-made leftovers of a
 * crash are swept. And the service's default fetchers, which cannot fetch yet.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnavailableError } from '@ferry/errors';
import { IscsiPortal } from '../iscsi/portal';
import type { RemoteFetcherFactory } from '../cache/remote-source';
import { unwiredRemoteFetchers } from './remote-fetchers';
import { VolumeRegistry } from './volume-registry';

const SECRET = 'sesame-secret-1';
const MUTUAL = 'target-secret-2';
const IQN = 'iqn.2026-12.io.ferry:vm-files';
const zeros: RemoteFetcherFactory = (s) => ({ size: s.virtualSize, fetch: async () => Buffer.alloc(s.chunkSize), close: async () => undefined });

describe('volume files', () => {
  let base: string;
  const registryIn = (root: string, portal: IscsiPortal): VolumeRegistry =>
    new VolumeRegistry({ root, fetchers: zeros, migrationKnown: async () => true, portal, now: () => 1_700_000_000_000 });

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'ferry-volume-files-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('keeps secrets only in a 0600 credentials file and serves the volume again from a new registry', async () => {
    const root = join(base, 'volumes');
    const first = registryIn(root, new IscsiPortal({ host: '127.0.0.1', port: 0, targets: [] }));
    const made = await first.create({
      iqn: IQN,
      luns: [
        { lun: 0, virtualSize: 4 << 20, chunkSize: 1 << 20, migrationId: 'm-1', diskId: 'disk-0' },
        { lun: 3, virtualSize: 1 << 20, chunkSize: 65536, migrationId: 'm-1', diskId: 'disk-1' },
      ],
      chap: { user: 'alice', secret: SECRET, mutualUser: 'cache', mutualSecret: MUTUAL },
      requestId: 'req-1',
    });
    await first.volumeOf(`${IQN}/3`)?.write(65536, Buffer.alloc(512, 7), true);
    await first.close();

    const [dir] = await readdir(root);
    const files = join(root, dir as string);
    expect((await readdir(files)).sort()).toEqual(['credentials.json', 'lun-0', 'lun-3', 'volume.json']);
    expect((await stat(join(files, 'credentials.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(files, 'volume.json'), 'utf8')).not.toMatch(new RegExp(`${SECRET}|${MUTUAL}`));
    expect(JSON.stringify(made)).not.toMatch(new RegExp(`${SECRET}|${MUTUAL}`));

    await mkdir(join(root, '.creating-0badc0ffee00')); // a crash in the middle of a create
    const portal = new IscsiPortal({ host: '127.0.0.1', port: 0, targets: [] });
    const second = registryIn(root, portal);
    expect(await second.restore()).toBe(1);
    // The partial write fetched its chunk from the source first: the volume keeps that as fetched on demand, across the restart.
    expect(second.describe(IQN)).toEqual({ ...made, luns: made.luns.map((l) => (l.lun === 3 ? { ...l, writtenChunks: 1, presentChunks: 1, fetchedOnDemandBytes: 65536 } : l)) });
    expect(second.writtenChunks(IQN, 3)).toMatchObject({ indexes: [1], chunkSize: 65536, more: false, totalWritten: 1 });
    expect(portal.target(IQN)?.auth).toEqual({ kind: 'chap', user: 'alice', secret: SECRET, mutual: { user: 'cache', secret: MUTUAL } });
    expect(await readdir(root)).toEqual([dir]);
    await second.close();
  });

  it('pages through a written-chunk map', async () => {
    const registry = registryIn(join(base, 'volumes'), new IscsiPortal({ host: '127.0.0.1', port: 0, targets: [] }));
    await registry.create({
      iqn: IQN,
      luns: [{ lun: 0, virtualSize: 1 << 20, chunkSize: 4096, migrationId: 'm-1', diskId: 'disk-0' }],
      chap: { user: 'alice', secret: SECRET, mutualUser: '', mutualSecret: '' },
      requestId: '',
    });
    const volume = registry.volumeOf(`${IQN}/0`);
    for (const i of [2, 5, 9, 200]) await volume?.write(i * 4096, Buffer.alloc(4096, 1), false);
    expect(registry.writtenChunks(IQN, 0, 0, 2)).toMatchObject({ indexes: [2, 5], more: true, nextIndex: 9, totalWritten: 4 });
    expect(registry.writtenChunks(IQN, 0, 9, 2)).toMatchObject({ indexes: [9, 200], more: false, nextIndex: 0 });
    await registry.close();
  });
});

describe('fetchers without a remote source (unwiredRemoteFetchers)', () => {
  it('knows the size but answers every fetch with UnavailableError , naming the chunk and the disk', async () => {
    const fetcher = unwiredRemoteFetchers({ migrationId: 'm-1', diskId: 'disk-0', virtualSize: 8 << 20, chunkSize: 1 << 20 });
    expect(fetcher.size).toBe(8 << 20);
    await expect(fetcher.fetch(3)).rejects.toThrow(new UnavailableError('no remote source: chunk 3 of m-1/disk-0 cannot be fetched from prem'));
  });
});
