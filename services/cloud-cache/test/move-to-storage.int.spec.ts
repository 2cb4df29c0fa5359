/**
 * A hydrated cache volume, with guest writes on top of its source, moved into a datastore of a
 * real vcsim: the disk vcsim stores must equal the source with the same writes applied
 * independently (node fs on a copy of the raw image), as qemu-img compare sees them.
 */
import { copyFile, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeSourceRaw, makeTempDir, qemuCompare, qemuImg, startVcsim, urandom, type VcsimInstance } from '@ferry/testing';
import { defaultPlacement, readProperty, VsphereClient, VsphereNotFoundError, type DefaultPlacement } from '@ferry/vsphere';
import { localDiskPath, vcsimImportLeases } from '../../../packages/vsphere/test/nfc-import-helpers';
import { CacheVolume } from '../src/cache/cache-volume';
import { diskFetcher, openRawSource } from '../src/cache/chunk-fetcher';
import { startHydration } from '../src/cache/hydrator';
import { moveToStorage } from '../src/storage/move-to-storage';

jest.setTimeout(120_000);
const MiB = 1 << 20;
const CHUNK = MiB;
// The last cache chunk and the last grain are partial.
const SIZE = 13 * MiB + 5 * 512;

describe('moveToStorage: a hydrated cache volume into a vcsim datastore', () => {
  let vc: VcsimInstance;
  let client: VsphereClient;
  let place: DefaultPlacement;
  let dir: string;
  let cleanup: () => Promise<void>;
  let volume: CacheVolume;
  let raw: string;
  let expected: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-move-'));
    vc = await startVcsim();
    client = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
    place = await defaultPlacement(client);
    raw = join(dir, 'source.raw');
    await makeSourceRaw(raw, SIZE, [
      { offset: 0, length: 2 * MiB + 333, kind: 'random' },
      { offset: 5 * MiB + 77, length: MiB, kind: 'text' },
      { offset: 9 * MiB - 4096, length: 3 * MiB, kind: 'random' },
    ]);
    volume = await CacheVolume.open({ name: 'move-me', dir: join(dir, 'cache'), fetcher: diskFetcher(await openRawSource(raw), CHUNK), chunkSize: CHUNK });

    // Guest writes: inside an absent chunk, across a chunk boundary, over a zero region, into the short last chunk.
    const writes: Array<{ offset: number; data: Buffer }> = [
      { offset: MiB + 1000, data: await urandom(5000) },
      { offset: 4 * MiB - 700, data: await urandom(70_000) },
      { offset: 7 * MiB, data: Buffer.alloc(128 * 1024, 'guest wrote this\n') },
      { offset: SIZE - 1536, data: await urandom(1536) },
    ];
    for (const w of writes.slice(0, 3)) await volume.write(w.offset, w.data, false);
    let hydrationError: unknown;
    await startHydration(volume, { onError: (error) => (hydrationError = error) }).done;
    expect(hydrationError).toBeUndefined();
    expect(volume.nextAbsent(0)).toBe(-1);
    // One more write once everything is local (the fast path of CacheVolume.write).
    await volume.write(writes[3]!.offset, writes[3]!.data, true);

    expected = join(dir, 'expected.raw');
    await copyFile(raw, expected);
    const file = await open(expected, 'r+');
    for (const w of writes) await file.write(w.data, 0, w.data.length, w.offset);
    await file.close();
  });
  afterAll(async () => {
    await volume?.close();
    await client?.logout();
    await vc?.stop();
    await cleanup?.();
  });

  it('the stored disk equals the source with the guest writes, and the staged file is gone', async () => {
    const staging = join(dir, 'staging');
    await mkdir(staging);
    const progress: Record<string, number[]> = { pack: [], upload: [] };
    const moved = await moveToStorage(
      volume,
      { client, name: 'moved-volume', resourcePool: place.resourcePool, datastore: vc.datastores[0]!.name },
      { chunkBytes: 3 * MiB + 4096, tempDir: staging, onProgress: (done, total, phase) => progress[phase]!.push(done, total) },
    );
    expect(moved.diskPath).toBe(`[${vc.datastores[0]!.name}] moved-volume/moved-volume.vmdk`);
    const stored = localDiskPath(vc, moved.diskPath);
    expect(await qemuCompare(expected, stored, { a: 'raw', b: 'vmdk' })).toMatchObject({ identical: true });
    expect(await qemuCompare(raw, stored, { a: 'raw', b: 'vmdk' })).toMatchObject({ identical: false }); // the writes are in it
    expect(JSON.parse(await qemuImg('info', '--output=json', stored))).toMatchObject({ 'virtual-size': SIZE });
    expect(progress.pack!.slice(-2)).toEqual([SIZE, SIZE]);
    const [sent, packed] = progress.upload!.slice(-2);
    expect(sent).toBe(packed);
    expect(await readdir(staging)).toEqual([]);
  });

  it('an aborted move rejects with the reason and leaves no staged file, no disk and no VM', async () => {
    const staging = join(dir, 'staging-aborted');
    await mkdir(staging);
    const controller = new AbortController();
    const failure = await moveToStorage(
      volume,
      { client, name: 'moved-aborted', resourcePool: place.resourcePool, datastore: vc.datastores[0]!.name },
      { chunkBytes: MiB, tempDir: staging, signal: controller.signal, onProgress: (done, _total, phase) => phase === 'upload' && done > 0 && controller.abort(new Error('move cancelled')) },
    ).then(() => undefined, (error: unknown) => error);
    expect((failure as Error).message).toBe('move cancelled');
    expect(await readdir(staging)).toEqual([]);
    const lease = (await vcsimImportLeases(vc)).at(-1)!;
    expect(lease.state).toBe('error');
    await expect(readdir(join(vc.datastores[0]!.path, 'moved-aborted'))).rejects.toThrow(/ENOENT/);
    await expect(readProperty(client, { type: 'VirtualMachine', value: lease.vm }, 'name')).rejects.toThrow(VsphereNotFoundError);
  });
});
