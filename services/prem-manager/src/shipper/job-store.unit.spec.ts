import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@ferry/testing';
import { jobKey, JobStore, type TransferJob } from './job-store';

function job(state: TransferJob['state']): TransferJob {
  return { migrationId: 'm', diskId: 'd', generation: 1, sourceEndpoint: 's:1', sourceLocator: 'file:/x', targetEndpoint: 't:1', targetPath: '/t', mode: 1, changedChunks: [], chunkSize: 1 << 20, state, error: '', sessions: 0, wireBytes: 0, chunksTotal: 4, diskDigest: '' };
}

describe('JobStore.sentCounts', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-job-store-'));
  });
  afterEach(() => cleanup());

  it("reads a waiting transfer's sent-log once, counts live while it runs, and reads it again once it ended", async () => {
    const store = new JobStore(dir);
    const running = job('running');
    await store.save(running);
    const log = join(dir, jobKey('m', 'd', 1), 'sent.log');
    const entry = (index: number) => Buffer.from([0, 0, 0, index]);
    appendFileSync(log, Buffer.concat([entry(0), entry(1), entry(1)]));
    expect(store.sentCounts(running)).toEqual({ framesSent: 3, chunksSent: 2 });
    // Waiting for a slot nothing appends to it; the store does not read it again (an append here would show if it did).
    appendFileSync(log, entry(9));
    expect(store.sentCounts(running)).toEqual({ framesSent: 3, chunksSent: 2 });

    // Once it runs, its sent-log is read afresh and counted live.
    const sent = store.openSentLog(running);
    expect(store.sentCounts(running)).toEqual({ framesSent: 4, chunksSent: 3 });
    sent.record(2);
    expect(store.sentCounts(running)).toEqual({ framesSent: 5, chunksSent: 4 });
    sent.close();

    // Ended: from the file each time.
    const completed = { ...running, state: 'completed' as const };
    expect(store.sentCounts(completed)).toEqual({ framesSent: 5, chunksSent: 4 });
    appendFileSync(log, entry(3));
    expect(store.sentCounts(completed)).toEqual({ framesSent: 6, chunksSent: 5 });
  });
});
