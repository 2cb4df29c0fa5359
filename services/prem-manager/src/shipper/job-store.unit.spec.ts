import fs, { appendFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@ferry/testing';
import { jobKey, JobStore, type TransferJob } from './job-store';

function job(state: TransferJob['state'], diskId = 'd'): TransferJob {
  return { migrationId: 'm', diskId, generation: 1, sourceEndpoint: 's:1', sourceLocator: 'file:/x', targetEndpoint: 't:1', targetPath: '/t', mode: 1, changedChunks: [], chunkSize: 1 << 20, state, error: '', sessions: 1, wireBytes: 0, chunksTotal: 4, diskDigest: '' };
}

const entry = (index: number) => Buffer.from([0, 0, 0, index]);

/** The files `run` reads with readFileSync, by name. */
function filesRead(run: () => void): string[] {
  const spy = jest.spyOn(fs, 'readFileSync');
  try {
    run();
    return spy.mock.calls.map(([path]) => String(path).split('/').pop()!);
  } finally {
    spy.mockRestore();
  }
}

/** What GetTransfer asks the store of a transfer not in a session here. */
function report(store: JobStore, transfer: TransferJob): unknown {
  return { ...store.counts(transfer), ratio: store.savedCompression(transfer).ratio };
}

describe('JobStore counts', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-job-store-'));
  });
  afterEach(() => cleanup());

  /** Runs one session of `transfer` that sends `indexes`, each 1 MiB read and 400,100 bytes on the wire. */
  function session(store: JobStore, transfer: TransferJob, indexes: number[]): void {
    const sent = store.openSentLog(transfer);
    const tally = store.openTally(transfer);
    for (const index of indexes) {
      sent.record(index);
      tally.sent(1 << 20, 400_100, { level: 1, sourceBytes: 1 << 20, payloadBytes: 400_000 });
    }
    sent.close();
    tally.close();
  }

  it("reads an ended transfer's files once for the whole report, then none while they stay as they are", async () => {
    const store = new JobStore(dir);
    const ended = job('completed');
    await store.save(ended);
    session(store, ended, [0, 1, 1]);

    const first = filesRead(() => expect(report(store, ended)).toMatchObject({ framesSent: 3, chunksSent: 2, sourceBytesRead: 3 << 20, wireBytes: 1_200_300 }));
    expect(first.filter((name) => name === 'counts.log')).toHaveLength(1);
    expect(first.filter((name) => name === 'sent.log')).toHaveLength(1);
    expect(filesRead(() => report(store, ended))).toEqual([]);
  });

  it('reads them again once any of them changed, or the directory was made afresh', async () => {
    const store = new JobStore(dir);
    const waiting = job('running');
    await store.save(waiting);
    const log = join(dir, jobKey('m', 'd', 1), 'sent.log');
    appendFileSync(log, Buffer.concat([entry(0), entry(1), entry(1)]));
    expect(store.counts(waiting)).toMatchObject({ framesSent: 3, chunksSent: 2 });
    appendFileSync(log, entry(9));
    expect(store.counts(waiting)).toMatchObject({ framesSent: 4, chunksSent: 3 });

    // The transfer queue removes a job's directory when it takes the job again; the counts start over with it.
    await rm(join(dir, jobKey('m', 'd', 1)), { recursive: true });
    await store.save(waiting);
    appendFileSync(log, entry(5));
    expect(store.counts(waiting)).toMatchObject({ framesSent: 1, chunksSent: 1, sourceBytesRead: 0, wireBytes: 0 });
  });

  it('counts live while a session runs, and from the files again once it closed', async () => {
    const store = new JobStore(dir);
    const running = job('running');
    await store.save(running);
    appendFileSync(join(dir, jobKey('m', 'd', 1), 'sent.log'), entry(0));
    expect(store.counts(running)).toMatchObject({ framesSent: 1, chunksSent: 1 });
    const sent = store.openSentLog(running);
    const tally = store.openTally(running);
    sent.record(2);
    tally.sent(1 << 20, 500_100);
    expect(filesRead(() => expect(store.counts(running)).toMatchObject({ framesSent: 2, chunksSent: 2, sourceBytesRead: 1 << 20, wireBytes: 500_100 }))).toEqual([]);
    sent.close();
    tally.close();
    expect(report(store, { ...running, state: 'failed' })).toMatchObject({ framesSent: 2, chunksSent: 2, sourceBytesRead: 1 << 20, wireBytes: 500_100 });
  });

  it('hands out a copy of the saved compression counts: a session that goes on counting does not change them', async () => {
    const store = new JobStore(dir);
    const ended = job('failed');
    await store.save(ended);
    session(store, ended, [0]);
    const saved = store.savedCompression(ended);
    saved.record(3, 1 << 20, 100);
    expect(store.savedCompression(ended).levels()).toEqual([{ level: 1, chunks: 1 }]);
  });

  it('keeps the counts of at most as many transfers as it was given, dropping the one read longest ago', async () => {
    const store = new JobStore(dir, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((disk) => job('completed', disk));
    for (const transfer of [a!, b!, c!]) {
      await store.save(transfer);
      session(store, transfer, [0]);
      store.counts(transfer);
    }
    expect(filesRead(() => store.counts(c!))).toEqual([]);
    expect(filesRead(() => store.counts(b!))).toEqual([]);
    expect(filesRead(() => store.counts(a!))).toContain('sent.log');
  });
});
