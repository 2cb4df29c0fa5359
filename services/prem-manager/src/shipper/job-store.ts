import { mkdir, open, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transferKey as jobKey } from '@ferry/transfer-queue';
import type { ChangedArea } from './changed-spans';
import type { ChunkIndexSet } from './chunk-index-set';
import { CompressionTally } from './compression-counts';
import { fileStamp } from './job-files';
import { appendSentLog, readSentLog, sentLogPath } from './sent-log';
import { TallyFiles, type TallyWriter } from './tally-files';
import type { TallyCounts, TransferTally } from './transfer-tally';

/** Transfers whose counts are kept read from their files (each a few hundred bytes); the oldest read goes first. */
const FILED_COUNTS_KEPT = 4096;

/** What GetTransfer counts of a transfer: its tally, and the frames and distinct chunks its sent-log holds. */
export type TransferCounts = TallyCounts & { framesSent: number; chunksSent: number };

/** What a transfer's files count, as read once while they stay as they were (`stamp`). */
interface FiledCounts {
  stamp: string;
  tally: TallyCounts;
  framesSent: number;
  chunksSent: number;
  compression: CompressionTally;
}

/** A transfer as prem-manager persists it, so a restart (even after kill -9) resumes it. */
export interface TransferJob {
  migrationId: string;
  diskId: string;
  generation: number;
  sourceEndpoint: string;
  sourceLocator: string;
  targetEndpoint: string;
  targetPath: string;
  /** 'raw' (absent in jobs stored before cache targets) or 'cache' (targetPath names a cloud-cache volume). */
  targetFormat?: string;
  /** 1 full, 2 delta from a changed list, 3 delta by hash comparison (ferry.dataplane.v1.TransferMode). */
  mode: number;
  changedChunks: number[];
  /** Changed byte ranges (StartTransferRequest.changed_areas): the chunks they touch travel as their changed spans only. */
  changedAreas?: ChangedArea[];
  chunkSize: number;
  /** Re-hash unchanged chunks at the source instead of trusting the previous generation's hash list. */
  rehashSource?: boolean;
  /** Wire-rate cap in bytes per second; absent or 0 = none. */
  maxBytesPerSecond?: number;
  /** 'cancelled': stopped by CancelTransfer; not resumed on restart until StartTransfer starts it again. */
  state: 'running' | 'completed' | 'failed' | 'cancelled';
  error: string;
  sessions: number;
  /** Wire bytes counted by a prem-manager that did not log frames yet (counts.log now counts them); 0 for newer jobs. */
  wireBytes: number;
  chunksTotal: number;
  diskDigest: string;
  /** When it completed (ms since the epoch); absent while it has not (and for jobs completed before the field). */
  completedAtMs?: number;
}

/** A job's directory name: the transfer queue's key of the same transfer (one hash for both). */
export { jobKey };

/**
 * Jobs as JSON files plus an append-only log of every chunk index sent (4 bytes per frame).
 * The log is written before each send with a plain write(2): a kill -9 of this process keeps it,
 * so "frames sent" and "chunks sent twice" stay exact across crashes of any service.
 */
export class JobStore {
  /** Sent-log counts of the logs open in this process, kept current so status polls read no file. */
  private readonly liveCounts = new Map<string, { frames: number; seen: ChunkIndexSet }>();
  /** Tallies of the transfers running in this process, kept current so status polls read no file. */
  private readonly liveTallies = new Map<string, TransferTally>();
  /**
   * Counts of transfers not in a session here (ended, or waiting for a slot), read from their files and kept
   * while the files' stamps stay the same: GetTransfer and WatchTransfers ask for them again and again, and
   * a 2 TiB disk's files take a third of a second to read.
   */
  private readonly filedCounts = new Map<string, FiledCounts>();

  /** `keptCounts`: how many transfers' filed counts to keep (the oldest read goes first). */
  constructor(
    private readonly dir: string,
    private readonly keptCounts = FILED_COUNTS_KEPT,
  ) {}

  private path(key: string, file: string): string {
    return join(this.dir, key, file);
  }

  async save(job: TransferJob): Promise<void> {
    const key = jobKey(job.migrationId, job.diskId, job.generation);
    await mkdir(join(this.dir, key), { recursive: true });
    const tmp = this.path(key, 'job.json.tmp');
    await writeFile(tmp, JSON.stringify(job));
    const handle = await open(tmp, 'r');
    await handle.sync();
    await handle.close();
    await rename(tmp, this.path(key, 'job.json'));
  }

  async load(key: string): Promise<TransferJob | undefined> {
    return readFile(this.path(key, 'job.json'), 'utf8').then((text) => JSON.parse(text) as TransferJob, () => undefined);
  }

  async all(): Promise<TransferJob[]> {
    await mkdir(this.dir, { recursive: true });
    const jobs = await Promise.all((await readdir(this.dir)).map((key) => this.load(key)));
    return jobs.filter((job): job is TransferJob => job !== undefined);
  }

  private hashListPath(migrationId: string, diskId: string): string {
    return join(this.dir, `hashes-${jobKey(migrationId, diskId, 0)}.bin`);
  }

  /**
   * The source's chunk hashes as of the last completed generation of a disk: a 16-byte header
   * (generation, chunk size, virtual size) then 32 bytes per chunk.
   */
  async saveHashList(job: TransferJob, virtualSize: number, hashes: Buffer[]): Promise<void> {
    const header = Buffer.alloc(16);
    header.writeUInt32BE(job.generation, 0);
    header.writeUInt32BE(job.chunkSize, 4);
    header.writeBigUInt64BE(BigInt(virtualSize), 8);
    const path = this.hashListPath(job.migrationId, job.diskId);
    await writeFile(`${path}.tmp`, Buffer.concat([header, ...hashes]));
    await rename(`${path}.tmp`, path);
  }

  /** The hash list of `generation`, when it matches the disk's geometry; otherwise undefined. */
  async loadHashList(job: TransferJob, generation: number, virtualSize: number): Promise<Buffer | undefined> {
    const list = await readFile(this.hashListPath(job.migrationId, job.diskId)).catch(() => undefined);
    if (list === undefined || list.length < 16) return undefined;
    const matches = list.readUInt32BE(0) === generation && list.readUInt32BE(4) === job.chunkSize && Number(list.readBigUInt64BE(8)) === virtualSize;
    return matches && list.length === 16 + Math.ceil(virtualSize / job.chunkSize) * 32 ? list.subarray(16) : undefined;
  }

  /** Opens the sent-log for appending; returns a function that records one frame. */
  openSentLog(job: TransferJob): { record(index: number): void; close(): void } {
    const key = jobKey(job.migrationId, job.diskId, job.generation);
    const { frames, chunks } = readSentLog(this.sentLog(key));
    const live = { frames, seen: chunks };
    this.filedCounts.delete(key);
    this.liveCounts.set(key, live);
    const log = appendSentLog(this.sentLog(key));
    return {
      record(index: number) {
        log.append(index);
        live.frames++;
        live.seen.add(index);
      },
      close: () => {
        log.close();
        if (this.liveCounts.get(key) === live) this.liveCounts.delete(key);
      },
    };
  }

  private sentLog(key: string): string {
    return sentLogPath(join(this.dir, key));
  }

  private tallyFiles(job: TransferJob): TallyFiles {
    return new TallyFiles(join(this.dir, jobKey(job.migrationId, job.diskId, job.generation)), job.chunkSize);
  }

  /** Opens the transfer's tally (what is on the target, source and wire bytes) for recording. */
  openTally(job: TransferJob): TallyWriter {
    const key = jobKey(job.migrationId, job.diskId, job.generation);
    const writer = this.tallyFiles(job).open();
    this.filedCounts.delete(key);
    this.liveTallies.set(key, writer.tally);
    return {
      ...writer,
      close: () => {
        writer.close();
        if (this.liveTallies.get(key) === writer.tally) this.liveTallies.delete(key);
      },
    };
  }

  /** How the transfer's data chunks were compressed, as its tally files counted them (a copy of its own). */
  savedCompression(job: TransferJob): CompressionTally {
    return this.filed(job).compression.copy();
  }

  /**
   * The transfer's tally counts, frames sent in total and distinct chunks among them: live while it runs here,
   * else from its files (one check that they did not change, for all of them).
   */
  counts(job: TransferJob): TransferCounts {
    const key = jobKey(job.migrationId, job.diskId, job.generation);
    const tally = this.liveTallies.get(key);
    const sent = this.liveCounts.get(key);
    const filed = tally !== undefined && sent !== undefined ? undefined : this.filed(job);
    return {
      ...(tally !== undefined ? tally.counts() : filed!.tally),
      ...(sent !== undefined ? { framesSent: sent.frames, chunksSent: sent.seen.size } : { framesSent: filed!.framesSent, chunksSent: filed!.chunksSent }),
    };
  }

  /** What the transfer's files count: read again only when one of them changed since the last reading. */
  private filed(job: TransferJob): FiledCounts {
    const key = jobKey(job.migrationId, job.diskId, job.generation);
    const files = this.tallyFiles(job);
    const stamp = `${files.stamp()} ${fileStamp(this.sentLog(key))}`;
    const kept = this.filedCounts.get(key);
    if (kept !== undefined && kept.stamp === stamp) return kept;
    const compression = new CompressionTally();
    const tally = files.load(compression).counts();
    const sent = readSentLog(this.sentLog(key));
    const counts = { stamp, tally, framesSent: sent.frames, chunksSent: sent.chunks.size, compression };
    this.filedCounts.delete(key);
    this.filedCounts.set(key, counts);
    if (this.filedCounts.size > this.keptCounts) this.filedCounts.delete(this.filedCounts.keys().next().value!);
    return counts;
  }
}
