import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@ferry/block-pipeline';
import { ValidationError } from '@ferry/errors';
import { TargetStore } from './target-store';

const CHUNK = 4096;

describe('TargetStore over an existing disk (written in place)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-existing-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the disk as it is and knows every chunk\'s hash from the first open, across reopens', async () => {
    const disk = join(dir, 'disk-flat.vmdk');
    const content = Buffer.concat([Buffer.alloc(CHUNK, 'a'), Buffer.alloc(CHUNK), Buffer.alloc(CHUNK / 2, 'c')]);
    await writeFile(disk, content);
    const spec = { migrationId: 'm-1', diskId: 'd-0', targetPath: disk, virtualSize: content.length, chunkSize: CHUNK, existing: true };
    const store = await TargetStore.open(join(dir, 'state'), spec);
    expect((await stat(disk)).size).toBe(content.length);
    expect(store.knownHash(0)).toEqual(sha256(content.subarray(0, CHUNK)));
    expect(store.knownHash(2)).toEqual(sha256(content.subarray(2 * CHUNK)));
    // A zero chunk of an existing disk may hold data later written elsewhere: only a known-zero one is skipped.
    expect(store.needsZeroWrite(0, CHUNK)).toBe(true);
    expect(store.needsZeroWrite(1, CHUNK)).toBe(false);
    await store.close();
    const again = await TargetStore.open(join(dir, 'state'), spec);
    expect(again.chunkHashes()).toEqual(Buffer.concat([0, 1, 2].map((i) => sha256(content.subarray(i * CHUNK, Math.min((i + 1) * CHUNK, content.length))))));
    await again.close();
  });

  it('refuses a disk of another size or one that does not exist, naming the fix', async () => {
    const disk = join(dir, 'small-flat.vmdk');
    await writeFile(disk, Buffer.alloc(CHUNK));
    await expect(TargetStore.open(join(dir, 'state'), { migrationId: 'm-2', diskId: 'd-0', targetPath: disk, virtualSize: 2 * CHUNK, chunkSize: CHUNK, existing: true }))
      .rejects.toThrow(/holds 4096 bytes but the session writes a 8192-byte disk/);
    await expect(TargetStore.open(join(dir, 'state'), { migrationId: 'm-3', diskId: 'd-0', targetPath: join(dir, 'absent'), virtualSize: CHUNK, chunkSize: CHUNK, existing: true }))
      .rejects.toThrow(ValidationError);
  });
});
