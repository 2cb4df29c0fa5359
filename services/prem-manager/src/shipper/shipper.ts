import type { ChannelCredentials, Client } from '@grpc/grpc-js';
import type { TlsMaterial } from '@ferry/block-pipeline';
import { DEFAULT_CHUNK_SIZE, MIN_TRANSFER_BYTES_PER_SECOND, validateChunkSize } from '@ferry/block-pipeline';
import { IntegrityError, NotFoundError, ValidationError } from '@ferry/errors';
import { activeContext, inSpan, pause } from '@ferry/service-kit';
import { chunkReceiverClient, stripeLines, type StripeLine } from '@ferry/stripe-sender';
import { validateChangedAreas } from './changed-spans';
import type { DataKeys } from './data-keys';
import type { SessionTuning } from './session-tuning';
import { jobKey, type JobStore, type TransferCounts, type TransferJob } from './job-store';
import { noSpaceRetryMs, ReceiverOutOfSpace, spaceNeeded, waitingReasonOf } from './no-space';
import { isReceiverDown, parseReceiverEndpoints, ReceiverRotation } from './receiver-endpoints';
import { transferCompression } from './compression-tally';
import { runSession } from './run-session';
import { shipperMetrics } from './shipper-metrics';
import { SourceClient } from './source-client';

/** gRPC codes that retrying cannot fix: the request itself is wrong. */
const PERMANENT = new Set([3, 5, 9]);

/** Why a running transfer waits (GetTransfer's waiting_reason) and about how many more bytes it needs. */
export interface TransferWait {
  readonly waitingReason: string;
  readonly spaceNeededBytes: number;
}

/** What GetTransfer reports: the persisted job, its sent-log counts, its tally and why it waits, if it does. */
export type TransferReport = TransferJob & TransferCounts & TransferWait;

/** A start request, as the control RPC receives it. */
export type TransferRequest = Pick<TransferJob, 'migrationId' | 'diskId' | 'generation' | 'sourceEndpoint' | 'sourceLocator' | 'targetEndpoint' | 'targetPath' | 'targetFormat' | 'mode' | 'changedChunks' | 'changedAreas' | 'chunkSize' | 'rehashSource' | 'maxBytesPerSecond'>;

/**
 * Runs transfers: several disks in parallel (up to `maxParallel`), each a loop of sessions until the
 * receiver confirms the whole-disk digest. A failed session (a peer killed, a stream cut) is retried
 * with a new session; the receiver's verified-chunk map decides what is resent. A receiver without room
 * for the target (no_space) puts the transfer in a wait: still running, its status says why, a new
 * session is tried further apart each time (1 s doubling to 30 s) until the receiver takes chunks again;
 * those tries do not count towards giving up. A StartTransfer of a waiting transfer tries again at once.
 * target_endpoint may list several cloud-manager replicas: a session whose receiver died or cannot be
 * reached is followed by one on the next replica (they share the chunk maps, so it resumes there).
 */
export class Shipper {
  /**
   * Each running transfer: its run, the abort CancelTransfer pulls, and the job object it works on (so a
   * new StartTransfer's cap reaches it at once).
   */
  private readonly running = new Map<string, { done: Promise<void>; abort: AbortController; job: TransferJob }>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private stopped = false;
  /** Running transfers waiting for room at the receiver, by key (in memory: a restarted prem-manager learns it again at its first session). */
  private readonly waits = new Map<string, TransferWait>();
  /** Ends the pause of a transfer waiting for room, by key: a StartTransfer of it tries again at once. */
  private readonly wakers = new Map<string, () => void>();
  private readonly clients = new Map<string, Client>();
  /** Per receiver endpoint: the stripes its last session allowed (SessionAccepted.stripes). */
  private readonly receiverStripes = new Map<string, { allowed?: number }>();
  /** Per source and receiver: whether the source ships the frames itself (off once it said it cannot). */
  private readonly shipRoutes = new Map<string, { enabled: boolean }>();

  constructor(
    private readonly jobs: JobStore,
    private readonly keys: DataKeys,
    private readonly identity: { credentials: ChannelCredentials; tls: TlsMaterial },
    private readonly maxParallel: number,
    private readonly log: (line: string) => void,
    private readonly tuning: SessionTuning = {},
  ) {}

  /** Resumes every job that was running when the process stopped (kill -9 included). */
  async resumeAll(): Promise<void> {
    for (const job of await this.jobs.all()) if (job.state === 'running') this.launch(job);
  }

  async start(request: TransferRequest): Promise<TransferJob> {
    if (request.migrationId === '' || request.diskId === '') throw new ValidationError('migrationId/diskId', 'must both be set');
    if (request.mode < 1 || request.mode > 3) throw new ValidationError('mode', `must be FULL, DELTA_CHANGED or DELTA_HASHES, got ${request.mode}`);
    if (request.targetFormat !== undefined && !['', 'raw', 'cache'].includes(request.targetFormat)) {
      throw new ValidationError('target_format', `"${request.targetFormat}" is not a target format; use "raw" (a file under cloud-manager's target root) or "cache" (a cloud-cache volume "<iqn>/<lun>")`);
    }
    parseReceiverEndpoints(request.targetEndpoint);
    validateChangedAreas(request.changedAreas ?? [], request.mode, request.targetFormat);
    const chunkSize = validateChunkSize(request.chunkSize === 0 ? DEFAULT_CHUNK_SIZE : request.chunkSize);
    const maxBytesPerSecond = request.maxBytesPerSecond ?? 0;
    if (maxBytesPerSecond !== 0 && maxBytesPerSecond < MIN_TRANSFER_BYTES_PER_SECOND) {
      throw new ValidationError('max_bytes_per_second', `must be 0 (no cap) or at least ${MIN_TRANSFER_BYTES_PER_SECOND} (1 MiB/s), got ${maxBytesPerSecond}; the cap is in bytes per second`);
    }
    // A cancel still winding down must finish first, or its run would persist 'cancelled' over this start.
    const current = this.running.get(this.keyOf(request));
    if (current?.abort.signal.aborted === true) await current.done;
    const existing = await this.jobs.load(this.keyOf(request));
    if (existing !== undefined) {
      if (existing.state !== 'running' && existing.state !== 'completed') Object.assign(existing, { state: 'running', error: '' });
      // The latest cap applies at once, to a session already running too.
      existing.maxBytesPerSecond = maxBytesPerSecond;
      const live = this.running.get(this.keyOf(request))?.job;
      if (live !== undefined) live.maxBytesPerSecond = maxBytesPerSecond;
      await this.jobs.save(existing);
      if (existing.state === 'running') this.launch(existing);
      // Waiting for room at the receiver: the caller may have made some (ferry retry), so try now.
      this.wakers.get(this.keyOf(request))?.();
      return existing;
    }
    const job: TransferJob = { ...request, chunkSize, maxBytesPerSecond, generation: Math.max(1, request.generation), state: 'running', error: '', sessions: 0, wireBytes: 0, chunksTotal: 0, diskDigest: '' };
    await this.jobs.save(job);
    this.launch(job);
    return job;
  }

  private keyOf(job: Pick<TransferJob, 'migrationId' | 'diskId' | 'generation'>): string {
    return jobKey(job.migrationId, job.diskId, Math.max(1, job.generation));
  }

  private launch(job: TransferJob): void {
    const key = this.keyOf(job);
    if (this.running.has(key)) return;
    const abort = new AbortController();
    const done = this.run(job, abort.signal)
      .catch((error: unknown) => this.log(`transfer ${job.migrationId}/${job.diskId} stopped: ${String(error)}`))
      .finally(() => this.running.delete(key));
    this.running.set(key, { done, abort, job });
  }

  /**
   * Stops a transfer at once and persists it as cancelled (a restart does not resume it). Idempotent:
   * a transfer that already ended keeps its state. StartTransfer starts a cancelled transfer again.
   */
  async cancel(migrationId: string, diskId: string, generation: number): Promise<TransferReport> {
    const key = this.keyOf({ migrationId, diskId, generation });
    const before = await this.jobs.load(key);
    if (before === undefined) {
      throw new NotFoundError(`no transfer of disk ${diskId} generation ${Math.max(1, generation)} in migration ${migrationId} to cancel; check the ids (GetTransfer shows a transfer's state)`);
    }
    const current = this.running.get(key);
    current?.abort.abort();
    await current?.done;
    // The run marks itself cancelled; a job persisted as running but not running here is marked now.
    const job = (await this.jobs.load(key)) ?? before;
    if (job.state === 'running') {
      Object.assign(job, { state: 'cancelled', error: 'cancelled by CancelTransfer' });
      await this.jobs.save(job);
    }
    return this.report(job, { waitingReason: '', spaceNeededBytes: 0 });
  }

  private report(job: TransferJob, wait: TransferWait): TransferReport {
    const counts = this.jobs.counts(job);
    // A transfer that ran no session since prem-manager started reports its compression as its tally files have it.
    if (transferCompression.peek(job) === undefined && job.sessions > 0) transferCompression.of(job, this.tuning.compression ?? 1, () => this.jobs.savedCompression(job));
    // Wire bytes an older prem-manager counted in the job, then those logged frame by frame.
    return { ...job, ...counts, wireBytes: job.wireBytes + counts.wireBytes, ...wait };
  }

  /** Pauses before the next session of a transfer waiting for room; a cancel or a StartTransfer of it ends the pause. */
  private async pauseForRoom(key: string, ms: number, signal: AbortSignal): Promise<void> {
    const wake = new AbortController();
    this.wakers.set(key, () => wake.abort());
    try {
      await pause(ms, AbortSignal.any([signal, wake.signal]));
    } finally {
      this.wakers.delete(key);
    }
  }

  /** What a receiver allowed at its last session, so the next one dials that many stripes at once. */
  private stripesAllowed(endpoint: string): { allowed?: number } {
    let known = this.receiverStripes.get(endpoint);
    if (known === undefined) this.receiverStripes.set(endpoint, (known = {}));
    return known;
  }

  /** Whether the source at `source` ships its frames to `receiver` itself (FRAMES_FROM_SOURCE, until it said it cannot). */
  private shipRoute(source: string, receiver: string): { enabled: boolean } {
    const key = `${source} ${receiver}`;
    let route = this.shipRoutes.get(key);
    if (route === undefined) this.shipRoutes.set(key, (route = { enabled: this.tuning.framesFromSource === true }));
    return route;
  }

  private client(endpoint: string): Client {
    let client = this.clients.get(endpoint);
    if (client === undefined) {
      client = chunkReceiverClient(endpoint, this.identity.credentials);
      this.clients.set(endpoint, client);
    }
    return client;
  }

  /**
   * Runs `session` with TRANSFER_STRIPES clients of `endpoint`, each dialling a connection of its own,
   * closed when it ends: fresh per session, so a session after a receiver's restart never writes on a
   * connection to the process that died (a kept one can look ready until its first write fails). A client
   * connects only when the session dials it: no more than the receiver takes, none for a small session.
   */
  private async withStripes<T>(endpoint: string, session: (stripes: StripeLine[]) => Promise<T>): Promise<T> {
    const stripes = stripeLines(endpoint, { transport: this.tuning.leanStreams === false ? 'grpc' : 'lean', ...this.identity, log: this.log }, this.tuning.stripes ?? 0);
    try {
      return await session(stripes);
    } finally {
      for (const line of stripes) line.close();
    }
  }

  /** Waits for a free slot; false when the transfer was cancelled while it waited (no slot taken). */
  private async slot(signal: AbortSignal): Promise<boolean> {
    while (this.active >= this.maxParallel && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    if (signal.aborted) return false;
    this.active++;
    return true;
  }

  private release(): void {
    this.active--;
    // Every waiter re-checks: one woken by a cancel already left, so waking only the first could wake nobody.
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async markCancelled(job: TransferJob): Promise<void> {
    Object.assign(job, { state: 'cancelled', error: 'cancelled by CancelTransfer' });
    await this.jobs.save(job);
    this.log(`transfer ${job.migrationId}/${job.diskId} generation ${job.generation} cancelled after ${job.sessions} session(s)`);
  }

  private async run(job: TransferJob, signal: AbortSignal): Promise<void> {
    // The context of the StartTransfer call (its trace: the migration step that asked): each session is a span in it.
    const started = activeContext();
    if (!(await this.slot(signal))) return this.markCancelled(job);
    shipperMetrics.transfersActive++;
    const key = this.keyOf(job);
    const sentLog = this.jobs.openSentLog(job);
    const tally = this.jobs.openTally(job);
    const source = new SourceClient(job.sourceEndpoint, this.identity.credentials, this.tuning.leanStreams === false ? {} : { leanShip: { tls: this.identity.tls, log: this.log } });
    try {
      // Checked at StartTransfer; a job persisted before that check that fails it fails here.
      let receivers: ReceiverRotation;
      try {
        receivers = ReceiverRotation.of(job.targetEndpoint);
      } catch (error) {
        Object.assign(job, { state: 'failed', error: (error as Error).message });
        await this.jobs.save(job);
        return;
      }
      let integrityFailures = 0;
      let attempt = 0;
      /** Sessions in a row the receiver refused for want of room (they do not count as attempts). */
      let noSpaceWaits = 0;
      // The receiver takes chunks again: the wait (if any) is over.
      const moving = (): void => {
        noSpaceWaits = 0;
        if (this.waits.delete(key)) this.log(`transfer ${job.migrationId}/${job.diskId}: the receiver has room again, the copy goes on`);
      };
      while (!this.stopped) {
        if (signal.aborted) return await this.markCancelled(job);
        job.sessions++;
        shipperMetrics.sessionStarted(job.sessions);
        await this.jobs.save(job);
        try {
          const { dataKey, wrapped } = await this.keys.forMigration(job.migrationId);
          const attributes = { 'ferry.migration_id': job.migrationId, 'ferry.disk_id': job.diskId, 'ferry.generation': job.generation, 'ferry.session': job.sessions, 'ferry.transfer_mode': String(job.mode), 'ferry.receiver': receivers.current };
          const result = await inSpan('transfer session', attributes, () => this.withStripes(receivers.current, (stripes) => runSession({ job, dataKey, wrappedDataKey: wrapped, source, receiver: this.client(receivers.current), recordSent: sentLog.record, tally, log: this.log, signal, persist: () => this.jobs.save(job),
            previousHashes: (virtualSize) => this.jobs.loadHashList(job, job.generation - 1, virtualSize), onFirstAck: moving, flowWindow: this.tuning.flowWindow, compression: this.tuning.compression, stripes, stripeMinBytes: this.tuning.stripeMinBytes, receiverStripes: this.stripesAllowed(receivers.current),
            shipRoute: this.shipRoute(job.sourceEndpoint, receivers.current), receiverEndpoint: receivers.current, leanStreams: this.tuning.leanStreams })), started);
          moving();
          await this.jobs.saveHashList(job, result.virtualSize, result.chunkHashes);
          Object.assign(job, { state: 'completed', chunksTotal: result.chunksTotal, diskDigest: result.diskDigest.toString('hex'), error: '', completedAtMs: Date.now() });
          await this.jobs.save(job);
          this.log(`transfer ${job.migrationId}/${job.diskId} generation ${job.generation} completed after ${job.sessions} session(s)`);
          return;
        } catch (error) {
          if (signal.aborted) return await this.markCancelled(job);
          if (error instanceof ReceiverOutOfSpace) {
            // Not a failure of the copy: it waits for room, saying why, and tries again further apart each time.
            noSpaceWaits++;
            const neededBytes = spaceNeeded(error.report, error.remainingBytes);
            const waitingReason = waitingReasonOf(error.report, neededBytes);
            this.waits.set(key, { waitingReason, spaceNeededBytes: neededBytes });
            job.error = waitingReason;
            const retryMs = noSpaceRetryMs(noSpaceWaits);
            this.log(`transfer ${job.migrationId}/${job.diskId} session ${job.sessions} waits for room at the receiver (${noSpaceWaits} in a row): ${waitingReason}; trying again in ${retryMs} ms`);
            await this.pauseForRoom(key, retryMs, signal);
            continue;
          }
          this.waits.delete(key);
          noSpaceWaits = 0;
          const code = (error as { grpcCode?: number; code?: number }).grpcCode ?? (error as { code?: number }).code;
          const message = error instanceof Error ? error.message : String(error);
          // A chunk or digest the receiver rejects (DATA_LOSS) is retried a few times, then reported.
          if (code === 15 || error instanceof IntegrityError) integrityFailures++;
          if ((typeof code === 'number' && PERMANENT.has(code)) || error instanceof ValidationError || integrityFailures >= 3 || attempt >= 200) {
            Object.assign(job, { state: 'failed', error: message });
            await this.jobs.save(job);
            this.log(`transfer ${job.migrationId}/${job.diskId} failed: ${message}`);
            return;
          }
          job.error = message;
          const failedAt = receivers.current;
          const next = isReceiverDown(error) ? receivers.next() : failedAt;
          const where = next === failedAt ? '' : ` (receiver ${failedAt} is down; the next session goes to ${next})`;
          this.log(`transfer ${job.migrationId}/${job.diskId} session ${job.sessions} failed, retrying${where}: ${message}`);
          await pause(Math.min(200 * 2 ** Math.min(attempt, 4), 3000), signal);
          attempt++;
        }
      }
    } finally {
      this.waits.delete(key);
      shipperMetrics.transfersActive--;
      sentLog.close();
      tally.close();
      source.close();
      this.release();
    }
  }

  async status(migrationId: string, diskId: string, generation: number): Promise<TransferReport | undefined> {
    const key = this.keyOf({ migrationId, diskId, generation });
    const job = await this.jobs.load(key);
    return job === undefined ? undefined : this.reportWithWait(key, job);
  }

  /** The job's report with its wait for room at the receiver, if it is running and waits. */
  private reportWithWait(key: string, job: TransferJob): TransferReport {
    const wait = job.state === 'running' ? this.waits.get(key) : undefined;
    return this.report(job, { waitingReason: wait?.waitingReason ?? '', spaceNeededBytes: wait?.spaceNeededBytes ?? 0 });
  }

  /**
   * Each transfer whose run is active here (in a session, between sessions or waiting for a slot), reported
   * as GetTransfer reports it but from memory, by key: what WatchTransfers sends.
   */
  runningReports(): Map<string, TransferReport> {
    const reports = new Map<string, TransferReport>();
    for (const [key, { job }] of this.running) reports.set(key, this.reportWithWait(key, job));
    return reports;
  }

  async close(): Promise<void> {
    this.stopped = true;
    for (const client of this.clients.values()) client.close();
  }
}
