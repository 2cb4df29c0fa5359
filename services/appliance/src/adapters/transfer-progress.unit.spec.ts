import { completedCounts, transferProgress } from './transfer-progress';

const MiB = 1 << 20;

describe('transferProgress', () => {
  it('counts only what the receiver verified, not what was sent', () => {
    expect(transferProgress({ chunksSent: 9, bytesVerified: 3 * MiB, verifiedOffset: 5 * MiB })).toEqual({ bytesCopied: 3 * MiB, offset: 5 * MiB });
  });

  it('is 0 before anything was verified', () => {
    expect(transferProgress({ chunksSent: 4 })).toEqual({ bytesCopied: 0, offset: 0 });
  });
});

describe('completedCounts', () => {
  it('records verified data, zero and unchanged bytes, source and wire bytes, generation and mode as prem-manager counted them', () => {
    const status = {
      bytesVerified: 2 * MiB, zeroBytes: MiB, bytesUnchanged: 13 * MiB, wireBytes: MiB + 192, sourceBytesRead: 2 * MiB, chunksSent: 3, generation: 4, diskDigest: Buffer.alloc(32, 0xab),
    };
    expect(completedCounts(status, 'changed')).toEqual({
      bytesCopied: 2 * MiB, bytesSkippedZero: MiB, bytesUnchanged: 13 * MiB, wireBytes: MiB + 192, sourceBytes: 2 * MiB, sha256: 'ab'.repeat(32), generation: 4, mode: 'changed', chunksSent: 3,
    });
  });
});
