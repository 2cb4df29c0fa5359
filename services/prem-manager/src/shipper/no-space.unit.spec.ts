import { grpcStatusOf } from '@ferry/errors';
import { noSpaceRetryMs, ReceiverOutOfSpace, spaceNeeded, waitingReasonOf } from './no-space';

const MiB = 2 ** 20;
const report = { path: '/vmfs/volumes/ds1/ferry-m1', datastore: 'ds1', neededBytes: MiB, freeBytes: 3 * MiB, code: 'ENOSPC' };

describe('a transfer waiting for room at the receiver', () => {
  it('tries again 1 s after the first refusal, doubling up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(noSpaceRetryMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('needs what the session still had to land less what is free, and at least the write that was refused', () => {
    expect(spaceNeeded(report, 40 * MiB)).toBe(37 * MiB);
    expect(spaceNeeded(report, 2 * MiB)).toBe(MiB);
    expect(spaceNeeded({ neededBytes: 0, freeBytes: 0 }, 0)).toBe(0);
  });

  it('says where, why and how much in its waiting reason', () => {
    expect(waitingReasonOf(report, 37 * MiB)).toBe('no space on datastore ds1 (/vmfs/volumes/ds1/ferry-m1, ENOSPC): about 37.0 MiB more needed, 3.0 MiB free');
    expect(waitingReasonOf({ ...report, datastore: '', code: 'EDQUOT' }, MiB)).toBe('no space on /vmfs/volumes/ds1/ferry-m1 (EDQUOT): about 1.0 MiB more needed, 3.0 MiB free');
  });

  it('is a RESOURCE_EXHAUSTED error carrying the receiver\'s report', () => {
    const error = new ReceiverOutOfSpace(report, 'no space on datastore ds1');
    expect(grpcStatusOf(error)).toBe(8);
    expect(error.message).toBe('receiver has no room: no space on datastore ds1');
    expect(error.report).toBe(report);
  });
});
