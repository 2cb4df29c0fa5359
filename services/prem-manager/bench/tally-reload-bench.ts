/**
 * What a transfer's files cost prem-manager to read back: GetTransfer of a transfer that is not running here
 * reads its tally files and its sent-log (once while they stay unchanged), and the first session after a restart
 * reads them to go on counting.
 * Writes the files of one transfer of `--chunks` 1 MiB chunks (default 2,097,152: a 2 TiB disk, every chunk
 * sent once, compressed), then times each read, median of 3, on the event loop that would also ship.
 * Usage: npm run bench:tally-reload [-- --chunks <n>]
 */
import { join } from 'node:path';
import { makeTempDir } from '@ferry/testing';
import { jobKey, JobStore, type TransferJob } from '../src/shipper/job-store';
import { TallyFiles } from '../src/shipper/tally-files';

const MiB = 2 ** 20;

function chunksArgument(): number {
  const at = process.argv.indexOf('--chunks');
  const chunks = at < 0 ? 2 * MiB : Number(process.argv[at + 1]);
  if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`--chunks takes a whole number of chunks above 0, got ${process.argv[at + 1]}`);
  return chunks;
}

/** The files a completed transfer of `chunks` chunks leaves, written by the shipper's own writers. */
async function writeTransferFiles(store: JobStore, job: TransferJob, chunks: number): Promise<void> {
  const tally = store.openTally(job);
  const sent = store.openSentLog(job);
  try {
    await tally.plan(chunks * MiB, new Uint8Array(chunks));
    for (let index = 0; index < chunks; index++) {
      sent.record(index);
      tally.sent(MiB, 400_100, { level: index % 3 === 0 ? -1 : 1, sourceBytes: MiB, payloadBytes: 400_000 });
    }
    const batch = 4096;
    for (let first = 0; first < chunks; first += batch) tally.verified(Array.from({ length: Math.min(batch, chunks - first) }, (_, i) => first + i), () => false);
  } finally {
    tally.close();
    sent.close();
  }
}

function medianMs(run: () => void): number {
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    run();
    return performance.now() - started;
  });
  return Math.round(times.sort((a, b) => a - b)[1]! * 10) / 10;
}

async function main(): Promise<void> {
  const chunks = chunksArgument();
  const { dir, cleanup } = await makeTempDir('ferry-bench-tally-');
  try {
    const job: TransferJob = { migrationId: 'm', diskId: 'd', generation: 1, sourceEndpoint: 's:1', sourceLocator: 'file:/x', targetEndpoint: 't:1', targetPath: '/t', mode: 1, changedChunks: [], chunkSize: MiB, state: 'completed', error: '', sessions: 1, wireBytes: 0, chunksTotal: chunks, diskDigest: '' };
    const store = new JobStore(dir);
    await store.save(job);
    await writeTransferFiles(store, job, chunks);
    const jobDir = join(dir, jobKey('m', 'd', 1));
    // What GetTransfer asks of the store for a transfer not in a session here; a fresh store has read nothing yet.
    const report = (from: JobStore) => ({ ...from.counts(job), ratio: from.savedCompression(job).ratio });
    const warm = new JobStore(dir);
    report(warm);
    const figures = {
      chunks,
      report_first_ms: medianMs(() => report(new JobStore(dir))),
      report_again_ms: medianMs(() => report(warm)),
      session_open_ms: medianMs(() => new TallyFiles(jobDir, MiB).open().close()),
    };
    process.stdout.write(`bench:tally-reload: ${chunks} chunks of 1 MiB; GetTransfer of the transfer when not running here reads its files once (${figures.report_first_ms} ms), then only checks that they did not change (${figures.report_again_ms} ms); a session opening after a restart reads the tally and the compression counts (${figures.session_open_ms} ms). Medians of 3, each blocking the event loop.\n`);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:tally-reload: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
