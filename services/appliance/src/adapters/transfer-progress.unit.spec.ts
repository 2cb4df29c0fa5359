import { completedCounts, transferProgress } from './transfer-progress';

const MiB = 1 << 20;

describe('transferProgress', () => {
  it('counts the bytes of the distinct chunks sent, and the offset with them', () => {
    expect(transferProgress({ chunksSent: 3, chunksTotal: 10 }, 10 * MiB)).toEqual({ bytesCopied: 3 * MiB, offset: 3 * MiB });
  });

  it('is 0 before the source is described (no chunk total yet)', () => {
    expect(transferProgress({ chunksSent: 0, chunksTotal: 0 }, 10 * MiB)).toEqual({ bytesCopied: 0, offset: 0 });
  });

  it('never passes the capacity: every chunk sent of a disk whose last chunk is partial is the whole disk', () => {
    expect(transferProgress({ chunksSent: 3, chunksTotal: 3 }, 2 * MiB + 5)).toEqual({ bytesCopied: 2 * MiB + 5, offset: 2 * MiB + 5 });
  });
});

describe('completedCounts', () => {
  it('splits the disk into data sent and zero chunks skipped', () => {
    expect(completedCounts({ chunksSent: 6, chunksTotal: 16 }, 16 * MiB)).toEqual({ bytesCopied: 6 * MiB, bytesSkippedZero: 10 * MiB });
  });
});
