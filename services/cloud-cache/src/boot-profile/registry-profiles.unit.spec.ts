/**
 * Boot profiles through create-volume: a LUN created with a boot profile key records its first reads
 * as the key's profile; the next LUN created with that key reports the profile used and prefetches it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@ferry/errors';
import type { RemoteFetcherFactory } from '../cache/remote-source';
import { IscsiPortal } from '../iscsi/portal';
import type { CreateVolumeInput } from '../volumes/volume-definition';
import { VolumeRegistry } from '../volumes/volume-registry';
import { BootProfiles } from './boot-profiles';
import { ProfileStore } from './profile-store';

const MiB = 1 << 20;
const KEY = 'debian-12/ferry-test';
const fetched: number[] = [];
const source: RemoteFetcherFactory = (s) => ({
  size: s.virtualSize,
  fetch: async (i) => (fetched.push(i), Buffer.alloc(s.chunkSize, i + 1)),
  close: async () => undefined,
});
const create = (iqn: string, bootProfileKey: string): CreateVolumeInput => ({
  iqn,
  luns: [{ lun: 0, virtualSize: 16 * MiB, chunkSize: MiB, migrationId: 'm-1', diskId: 'disk-0', bootProfileKey }],
  chap: { user: 'alice', secret: 'sesame-secret-1', mutualUser: '', mutualSecret: '' },
  requestId: '',
});

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let tries = 0; tries < 200; tries++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('create-volume with a boot profile key', () => {
  let dir: string;
  let registry: VolumeRegistry;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-registry-profiles-'));
    fetched.length = 0;
    const bootProfiles = new BootProfiles({ dir: join(dir, 'boot-profiles'), limits: { windowMs: 60_000, maxChunks: 3 } });
    const portal = new IscsiPortal({ host: '127.0.0.1', port: 0, targets: [] });
    registry = new VolumeRegistry({ root: join(dir, 'volumes'), fetchers: source, migrationKnown: async () => true, portal, now: () => 1, bootProfiles });
  });
  afterEach(async () => {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('given a first LUN recorded its boot, when a second LUN is created with the same key, then it reports the profile used and prefetches its chunks', async () => {
    const first = await registry.create(create('iqn.2026-12.io.ferry:vm-1', KEY));
    expect(first.luns[0]).toMatchObject({ bootProfileKey: KEY, bootProfileUsed: false, prefetchedChunks: 0 });
    const volume = registry.volumeOf('iqn.2026-12.io.ferry:vm-1/0');
    for (const chunk of [5, 1, 5, 9, 12]) await volume?.read(chunk * MiB, 512);
    const profile = await until('the profile file', () => new ProfileStore(join(dir, 'boot-profiles')).load(KEY));
    expect(profile.chunks).toEqual([5, 1, 9]);

    fetched.length = 0;
    await registry.create(create('iqn.2026-12.io.ferry:vm-2', KEY));
    const lun = await until('the prefetch', () => {
      const l = registry.describe('iqn.2026-12.io.ferry:vm-2').luns[0];
      return l?.prefetchedChunks === 3 ? l : undefined;
    });
    expect(lun).toMatchObject({ bootProfileKey: KEY, bootProfileUsed: true, presentChunks: 3 });
    expect(fetched).toEqual([5, 1, 9]);
  });

  it('refuses a key that is not a profile key, naming the field', async () => {
    await expect(registry.create(create('iqn.2026-12.io.ferry:vm-3', 'Debian 12'))).rejects.toThrow(ValidationError);
    await expect(registry.create(create('iqn.2026-12.io.ferry:vm-3', '../x'))).rejects.toThrow(/^luns\[0\]\.boot_profile_key: /);
  });
});
