import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transferKey as jobKey } from '@ferry/transfer-queue';
import type { ChangedArea } from './changed-spans';
import { ChunkIndexSet } from './chunk-index-set';
import type { CompressionTally } from './compression-counts';
import { TallyFiles, type TallyWriter } from './tally-files';
import type { TallyCounts, TransferTally } from './transfer-tally';

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
  /** Tallies of running transfers waiting for a slot, read once: their files change only once they run here. */
  private readonly restingTallies = new Map<string, TransferTally>();
  /** Sent-log counts of running transfers waiting for a slot, read once, like their tallies. */
  private readonly restingCounts = new Map<string, { framesSent: number; chunksSent: number }>();

  constructor(private readonly dir: string) {}

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
    const counts = this.readCounts(key);
    this.restingCounts.delete(key);
    const live = { frames: counts.framesSent, seen: counts.seen };
    this.liveCounts.set(key, live);
    const fd = openSync(this.path(key, 'sent.log'), 'a');
    const entry = Buffer.alloc(4);
    return {
      record(index: number) {
        entry.writeUInt32BE(index);
        writeSync(fd, entry);
        live.frames++;
        live.seen.add(index);
      },
      close: () => {
        closeSync(fd);
        if (this.liveCounts.get(key) === live) this.liveCounts.delete(key);
      },
    };
  }

  private tallyFiles(job: TransferJob): TallyFiles {
    return new TallyFiles(join(this.dir, jobKey(job.migrationId, job.diskId, job.generation)), job.chunkSize);
  }

  /** Opens the transfer's tally (what is on the target, source and wire bytes) for recording. */
  openTally(job: TransferJob): TallyWriter {
    const key = jobKey(job.migrationId, job.diskId, job.generation);
    const writer = this.tallyFiles(job).open();
    this.restingTallies.delete(key);
    this.liveTallies.set(key, writer.tally);
    return {
      ...writer,
      close: () => {
        writer.close();
        if (this.liveTallies.get(key) === writer.tally) this.liveTallies.delete(key);
      },
    };
  }

  /** How the transfer's data chunks were compressed, as its tally files counted them. */
  savedCompression(job: TransferJob): CompressionTally {
    return this.tallyFiles(job).loadCompression();
  }

  /** The transfer's tally counts: live while it runs here, else from its files. */
  tallyCounts(job: TransferJob): TallyCounts {
    const key = jobKey(job.migrationId, job.diskId, job.generation);
    const live = this.liveTallies.get(key);
    if (live !== undefined) return live.counts();
    if (job.state !== 'running') {
      this.restingTallies.delete(key);
      return this.tallyFiles(job).load().counts();
    }
    let resting = this.restingTallies.get(key);
    if (resting === undefined) this.restingTallies.set(key, (resting = this.tallyFiles(job).load()));
    return resting.counts();
  }

  /**
   * Frames sent in total and distinct chunks among them: live while it runs here, else from its sent-log (read
   * once for a running transfer waiting for a slot: WatchTransfers asks for each of them every interval).
   */
  sentCounts(job: TransferJob): { framesSent: number; chunksSent: number } {
    const key = jobKey(job.migrationId, job.diskId, job.generation);
    const live = this.liveCounts.get(key);
    if (live !== undefined) return { framesSent: live.frames, chunksSent: live.seen.size };
    const fromLog = (): { framesSent: number; chunksSent: number } => {
      const { framesSent, seen } = this.readCounts(key);
      return { framesSent, chunksSent: seen.size };
    };
    if (job.state !== 'running') {
      this.restingCounts.delete(key);
      return fromLog();
    }
    let resting = this.restingCounts.get(key);
    if (resting === undefined) this.restingCounts.set(key, (resting = fromLog()));
    return resting;
  }

  private readCounts(key: string): { framesSent: number; seen: ChunkIndexSet } {
    const seen = new ChunkIndexSet();
    let log: Buffer;
    try {
      log = readFileSync(this.path(key, 'sent.log'));
    } catch {
      return { framesSent: 0, seen };
    }
    const frames = Math.floor(log.length / 4);
    for (let i = 0; i < frames; i++) seen.add(log.readUInt32BE(i * 4));
    return { framesSent: frames, seen };
  }
}
