import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkProfileKey, ProfileStore } from './profile-store';

describe('ProfileStore', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ferry-profiles-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('given a saved profile, when it is loaded by its key, then the same chunk order comes back', async () => {
    const store = new ProfileStore(dir);
    await store.save({ key: 'debian-12/ferry-test', chunkSize: 1 << 20, chunks: [9, 0, 4], recordedAt: 5 });
    expect(await store.load('debian-12/ferry-test')).toEqual({ key: 'debian-12/ferry-test', chunkSize: 1 << 20, chunks: [9, 0, 4], recordedAt: 5 });
    expect(await store.load('debian-12/other')).toBeUndefined();
  });

  it('holds chunk indexes only: the file is the key, the chunk size, the indexes and the time', async () => {
    await new ProfileStore(dir).save({ key: 'win-2022/gold', chunkSize: 4096, chunks: [1], recordedAt: 2 });
    expect(Object.keys(JSON.parse(await readFile(join(dir, 'win-2022+gold.json'), 'utf8')) as object).sort()).toEqual(['chunkSize', 'chunks', 'key', 'recordedAt']);
  });

  it('given a damaged file, then there is no profile (the next boot records a new one)', async () => {
    await writeFile(join(dir, 'debian-12+ferry-test.json'), '{"key":"debian-12/ferry-test","chunks":[');
    expect(await new ProfileStore(dir).load('debian-12/ferry-test')).toBeUndefined();
  });

  it('refuses a key that could name a path outside the folder, saying what a key looks like', () => {
    expect(() => checkProfileKey('../etc/passwd')).toThrow(/debian-12\/ferry-test/);
    expect(() => checkProfileKey('Debian 12')).toThrow(/not a boot profile key/);
  });
});
