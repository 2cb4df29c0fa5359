import { ferry } from '@ferry/proto';
import type { TransferReport } from './shipper';
import { DEFAULT_WATCH_MS, WatchedTransfers, watchIntervalOf } from './transfer-watch';

const pb = ferry.dataplane.v1;

function report(diskId: string, over: Partial<TransferReport> = {}): TransferReport {
  return {
    migrationId: 'm', diskId, generation: 1, sourceEndpoint: 's:1', sourceLocator: 'file:/x', targetEndpoint: 't:1', targetPath: '/t', mode: 1, changedChunks: [], chunkSize: 1 << 20,
    state: 'running', error: '', sessions: 1, wireBytes: 0, chunksTotal: 8, diskDigest: '', framesSent: 0, chunksSent: 0,
    chunksVerified: 0, bytesVerified: 0, zeroChunks: 0, zeroBytes: 0, chunksUnchanged: 0, bytesUnchanged: 0, sourceBytesRead: 0, verifiedOffset: 0, virtualSize: 8 << 20,
    waitingReason: '', spaceNeededBytes: 0, ...over,
  };
}

/** A shipper whose running transfers and persisted jobs the test sets. */
function fakeShipper() {
  const running = new Map<string, TransferReport>();
  const persisted = new Map<string, TransferReport>();
  return {
    running,
    persisted,
    runningReports: () => new Map(running),
    status: async (_m: string, diskId: string) => persisted.get(diskId),
  };
}

describe('WatchedTransfers: what one WatchTransfers call sends at each interval', () => {
  it('sends every running transfer first, then only the ones that changed, and an ended one once with its final status', async () => {
    const shipper = fakeShipper();
    shipper.running.set('a', report('a'));
    shipper.running.set('b', report('b'));
    const watched = new WatchedTransfers(shipper);
    expect((await watched.next()).map((s) => s.diskId)).toEqual(['a', 'b']);
    expect(await watched.next()).toEqual([]); // nothing moved

    shipper.running.set('a', report('a', { framesSent: 3, chunksSent: 3 }));
    const moved = await watched.next();
    expect(moved.map((s) => [s.diskId, Number(s.framesSent)])).toEqual([['a', 3]]);

    // b ends between two batches: its final status comes from its persisted job, once.
    shipper.running.delete('b');
    shipper.persisted.set('b', report('b', { state: 'completed', completedAtMs: 1234, diskDigest: 'ab' }));
    const ended = await watched.next();
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ diskId: 'b', state: pb.TransferState.TRANSFER_STATE_COMPLETED });
    expect(Number(ended[0]!.completedAtMs)).toBe(1234);
    expect(await watched.next()).toEqual([]);

    // A transfer started later joins at the next batch; a waiting reason is a change like any other.
    shipper.running.set('c', report('c'));
    expect((await watched.next()).map((s) => s.diskId)).toEqual(['c']);
    shipper.running.set('c', report('c', { waitingReason: 'no space', spaceNeededBytes: 5 }));
    expect((await watched.next()).map((s) => s.waitingReason)).toEqual(['no space']);
  });

  it('a transfer that ended and is gone from the store is dropped without a status', async () => {
    const shipper = fakeShipper();
    shipper.running.set('a', report('a'));
    const watched = new WatchedTransfers(shipper);
    await watched.next();
    shipper.running.delete('a');
    expect(await watched.next()).toEqual([]);
  });

  it('takes 0 as the default interval and refuses one outside 50 ms to 60 s, naming the field', () => {
    expect(watchIntervalOf(0)).toBe(DEFAULT_WATCH_MS);
    expect(watchIntervalOf(50)).toBe(50);
    expect(() => watchIntervalOf(10)).toThrow(/interval_ms: must be 0 \(500 ms\) or 50 to 60000 ms, got 10/);
    expect(() => watchIntervalOf(60_001)).toThrow(/got 60001/);
  });
});
