import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grpcStatusOf, ResourceExhaustedError } from '@ferry/errors';
import { asNoSpace, datastoreOf, describeNoSpace, isNoSpace, NoSpaceError, noSpaceReport } from './no-space';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: write failed`), { code });

describe('a full target file system, as the receiver reports it', () => {
  it('recognises ENOSPC and EDQUOT, and nothing else, as "no space"', () => {
    expect([errno('ENOSPC'), errno('EDQUOT'), errno('EIO'), new Error('plain'), undefined].map(isNoSpace)).toEqual([true, true, false, false, false]);
  });

  it('turns a no-space write into a NoSpaceError (RESOURCE_EXHAUSTED) naming the file and bytes; other errors pass unchanged', () => {
    const full = asNoSpace(errno('ENOSPC'), '/vmfs/volumes/ds1/ferry-m1/disk-2000-flat.vmdk', 1 << 20);
    expect(full).toBeInstanceOf(NoSpaceError);
    expect(full).toBeInstanceOf(ResourceExhaustedError);
    expect(full).toMatchObject({ file: '/vmfs/volumes/ds1/ferry-m1/disk-2000-flat.vmdk', neededBytes: 1 << 20, errno: 'ENOSPC' });
    expect(grpcStatusOf(full)).toBe(8);
    const io = errno('EIO');
    expect(asNoSpace(io, '/x', 1)).toBe(io);
    // Already typed (wrapped once in the chain): kept as it is.
    expect(asNoSpace(full, '/other', 2)).toBe(full);
  });

  it('names the datastore: the first folder under the target root that holds the file', () => {
    expect(datastoreOf('/vmfs/volumes/ds1/ferry-m1/disk-flat.vmdk', ['/srv/other', '/vmfs/volumes/'])).toBe('ds1');
    expect(datastoreOf('/elsewhere/disk.raw', ['/vmfs/volumes'])).toBe('');
    expect(datastoreOf('/vmfs/volumes-2/ds/disk.raw', ['/vmfs/volumes'])).toBe('');
  });

  it('reports the full directory with its free bytes (statfs), and says it in one line', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ferry-no-space-'));
    try {
      const error = new NoSpaceError(join(root, 'ds1', 'disk-flat.vmdk'), 4 << 20, 'ENOSPC');
      // The directory does not exist: statfs fails and the free figure is 0 rather than an error.
      expect(await noSpaceReport(error, [root])).toEqual({ path: join(root, 'ds1'), datastore: 'ds1', neededBytes: 4 << 20, freeBytes: 0, code: 'ENOSPC' });
      const here = await noSpaceReport(new NoSpaceError(join(root, 'disk.raw'), 1, 'EDQUOT'), ['/vmfs/volumes']);
      expect(here.freeBytes).toBeGreaterThan(0);
      expect(here.datastore).toBe('');
      expect(describeNoSpace({ path: '/vmfs/volumes/ds1/ferry-m1', datastore: 'ds1', neededBytes: 1048576, freeBytes: 4096, code: 'ENOSPC' })).toBe(
        'no space on datastore ds1 (/vmfs/volumes/ds1/ferry-m1, ENOSPC): need at least 1048576 more bytes, 4096 free',
      );
      expect(describeNoSpace({ ...here, neededBytes: 1, freeBytes: 0 })).toBe(`no space on ${root} (EDQUOT): need at least 1 more bytes, 0 free`);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
