import { ferry } from '@ferry/proto';
import { carriedOver, withCarried } from './carried-counts';

const status = (fields: Partial<ferry.dataplane.v1.ITransferStatus>): ferry.dataplane.v1.TransferStatus => ferry.dataplane.v1.TransferStatus.create(fields);

describe('withCarried', () => {
  it('adds what the previous replica counted to this one, with the union of sent chunks when it is known', () => {
    const carried = carriedOver(status({ framesSent: 40, chunksSent: 38, wireBytes: 1000, sourceBytesRead: 4000, sessions: 1 }));
    const now = withCarried(status({ framesSent: 12, chunksSent: 12, wireBytes: 300, sourceBytesRead: 1200, sessions: 1, bytesVerified: 9000 }), carried, { frames: 12, distinct: 50 });
    expect({ frames: Number(now.framesSent), chunks: Number(now.chunksSent), wire: Number(now.wireBytes), read: Number(now.sourceBytesRead), sessions: now.sessions })
      .toEqual({ frames: 52, chunks: 50, wire: 1300, read: 9000, sessions: 2 });
  });

  it('never reports fewer frames than distinct chunks (a killed replica\'s last frames are in its leftover log, not in its last record)', () => {
    const carried = carriedOver(status({ framesSent: 9, chunksSent: 9, sessions: 1 }));
    const now = withCarried(status({ framesSent: 86, chunksSent: 86, sessions: 1 }), carried, { frames: 86, distinct: 96 });
    expect({ frames: Number(now.framesSent), chunks: Number(now.chunksSent) }).toEqual({ frames: 96, chunks: 96 });
  });

  it('without the union, takes the larger distinct count of the two replicas', () => {
    const now = withCarried(status({ framesSent: 5, chunksSent: 5 }), carriedOver(status({ framesSent: 30, chunksSent: 30 })));
    expect({ frames: Number(now.framesSent), chunks: Number(now.chunksSent) }).toEqual({ frames: 35, chunks: 30 });
  });
});
