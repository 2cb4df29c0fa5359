import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c } from '../iscsi/crc32c';
import { emptyMeta, loadMeta, saveMeta } from './volume-meta';

describe('volume metadata', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ferry-meta-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the four chunk maps through a save and a load', async () => {
    const meta = emptyMeta(10 << 20, 1 << 20);
    meta.present.set(1);
    meta.zero.set(2);
    meta.written.set(3);
    meta.fetched.set(4);
    await saveMeta(join(dir, 'meta'), meta);
    const loaded = await loadMeta(join(dir, 'meta'));
    expect([loaded?.present.setIndices(), loaded?.zero.setIndices(), loaded?.written.setIndices(), loaded?.fetched.setIndices()]).toEqual([[1], [2], [3], [4]]);
  });

  it('loads a version 1 file (three maps, from before the on-demand map) with nothing known fetched', async () => {
    const meta = emptyMeta(10 << 20, 1 << 20);
    meta.written.set(3);
    meta.fetched.set(4);
    await saveMeta(join(dir, 'meta'), meta);
    const v2 = await readFile(join(dir, 'meta'));
    const mapBytes = Math.ceil(10 / 8);
    const body = Buffer.from(v2.subarray(0, v2.length - 4 - mapBytes));
    body.writeUInt32LE(1, 8);
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(crc32c(body));
    await writeFile(join(dir, 'meta'), Buffer.concat([body, sum]));
    const loaded = await loadMeta(join(dir, 'meta'));
    expect({ written: loaded?.written.setIndices(), fetched: loaded?.fetched.setIndices() }).toEqual({ written: [3], fetched: [] });
  });
});
