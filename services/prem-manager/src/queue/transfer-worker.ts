// prem-manager's side of the transfer queue (design §2): every replica pulls jobs from the one durable
// consumer of FERRY_TRANSFERS, as many as it has transfer slots, and runs each with its own Shipper.
// While a job runs, the replica tells JetStream it is still working on it and writes the transfer's
// status to the KV bucket every second; when the transfer ends it writes the final status and acks the
// job (the work queue then drops it). A replica that dies stops both: ACK_WAIT_MS after its last
// in-progress ack JetStream hands the job to another replica, which starts the transfer afresh on its
// own and resends only what the receiver's verified-chunk map lacks. Counts that live only in a
// sender's logs (frames, wire and source bytes, sessions) are carried over from the last status the
// previous replica wrote, so a report covers the whole transfer.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsMsg } from 'nats';
import { ferry } from '@ferry/proto';
import { DISPATCH_HEADER, STATUS_EVERY_MS, TRANSFER_CONSUMER, TRANSFER_STREAM, WORKING_EVERY_MS, transferKey, type TransferQueue } from '@ferry/transfer-queue';
import { ValidationError } from '@ferry/errors';
import { extractNatsHeaders, inSpan, pause, runInContext } from '@ferry/service-kit';
import type { Shipper } from '../shipper/shipper';
import { transferRequestOf } from '../shipper/transfer-request';
import { sentLogPath } from '../shipper/sent-log';
import { toStatus } from '../shipper/transfer-status';
import { carriedOver, withCarried, type CarriedCounts } from './carried-counts';
import { SentChunks } from './sent-chunks';

const pb = ferry.dataplane.v1;
const UNREACHABLE = Symbol('the queue did not answer');

/** Runs queue calls, answering UNREACHABLE instead of throwing, and saying once when the queue went away and when it came back. */
function queueCalls(say: (line: string) => void): <T>(call: () => Promise<T>) => Promise<T | typeof UNREACHABLE> {
  let since: number | undefined;
  return async (call) => {
    try {
      const value = await call();
      if (since !== undefined) say(`the queue answers again after ${Date.now() - since} ms`);
      since = undefined;
      return value;
    } catch (error) {
      if (since === undefined) say(`the queue does not answer (${String(error)}); the copy goes on and reports when it can`);
      since ??= Date.now();
      return UNREACHABLE;
    }
  };
}

/** A replica whose status record is younger than this is alive (it writes one every STATUS_EVERY_MS). */
const LIVE_WITHIN_MS = 5 * STATUS_EVERY_MS;

export interface TransferWorkerOptions {
  /** Opens the stream and bucket (retried while NATS is away). */
  readonly openQueue: () => Promise<TransferQueue>;
  /** The shipper queued jobs run in (its own job directory: they are never resumed from local disk). */
  readonly shipper: Shipper;
  readonly jobsDir: string;
  /** This replica's name in the status records (host and pid). */
  readonly owner: string;
  readonly maxParallel: number;
  readonly log: (line: string) => void;
}

export class TransferWorker {
  private stopped = false;
  private active = 0;
  /** The jobs this replica holds, with the transfer each runs and its queue key (filled once the job passed its checks and runs here). */
  private readonly held = new Map<JsMsg, { migrationId: string; diskId: string; generation: number; key: string } | undefined>();
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private queue: TransferQueue | undefined;

  constructor(private readonly options: TransferWorkerOptions) {}

  start(): void {
    this.loop ??= this.pull();
  }

  /** A queued transfer's status as the replica running it last reported it (any replica answers for any job). */
  async reported(migrationId: string, diskId: string, generation: number): Promise<ferry.dataplane.v1.TransferStatus | undefined> {
    const queue = this.queue ?? (this.queue = await this.options.openQueue().catch(() => undefined));
    return (await queue?.readStatus(transferKey(migrationId, diskId, Math.max(1, generation))))?.status;
  }

  /** Stops taking jobs and hands the ones it holds back to the queue at once (another replica takes them). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    // Their local runs stop first, so this replica sends nothing more once another one takes the job.
    for (const [msg, transfer] of this.held) {
      if (transfer !== undefined) await this.options.shipper.cancel(transfer.migrationId, transfer.diskId, transfer.generation).catch(() => undefined);
      msg.nak();
    }
    await this.loop;
  }

  private async pull(): Promise<void> {
    const { log } = this.options;
    while (!this.stopped) {
      try {
        this.queue ??= await this.options.openQueue();
        const queue = this.queue;
        await queue.ensureConsumer();
        const consumer = await queue.js.consumers.get(TRANSFER_STREAM, TRANSFER_CONSUMER);
        while (!this.stopped) {
          if (this.active >= this.options.maxParallel) {
            await new Promise<void>((resolve) => (this.wake = resolve));
            continue;
          }
          const msg = await consumer.next({ expires: 2_000 });
          if (msg === null || this.stopped) {
            msg?.nak();
            continue;
          }
          this.active++;
          this.held.set(msg, undefined);
          void this.take(queue, msg).finally(() => {
            this.held.delete(msg);
            this.active--;
            this.wake?.();
          });
        }
      } catch (error) {
        if (this.stopped) return;
        log(`transfer queue: ${String(error)}; trying again in 1 s`);
        await pause(1_000);
      }
    }
  }

  /** Whether this replica runs the transfer `key` under a job message other than `msg`. */
  private runsAnotherCopy(msg: JsMsg, key: string): boolean {
    return [...this.held].some(([other, transfer]) => other !== msg && transfer?.key === key);
  }

  private async take(queue: TransferQueue, msg: JsMsg): Promise<void> {
    const { shipper, log, owner } = this.options;
    let request: ferry.dataplane.v1.StartTransferRequest;
    try {
      request = pb.StartTransferRequest.decode(msg.data);
    } catch (error) {
      // Not a job any replica could run: drop it for good, saying why (only the appliance may publish jobs).
      log(`transfer queue: message ${msg.seq} is not a StartTransferRequest (${String(error)}); dropped`);
      return msg.term();
    }
    const dispatch = Number(msg.headers?.get(DISPATCH_HEADER) ?? '1');
    const generation = Math.max(1, request.generation);
    const key = transferKey(request.migrationId, request.diskId, generation);
    const name = `${request.migrationId}/${request.diskId} generation ${generation}`;
    try {
      const control = await queue.readControl(key);
      // A later dispatch (a restart after a cancel or a failure) supersedes this job.
      if (control === undefined || control.record.dispatch > dispatch) return msg.ack();
      const previous = await queue.readStatus(key);
      if (previous !== undefined && previous.dispatch === dispatch) {
        const state = previous.status.state;
        // Ended already (its replica died before it acked, or this is a second copy of the job): done.
        if (state !== pb.TransferState.TRANSFER_STATE_RUNNING) return msg.ack();
        // Another replica still reports it (a second copy of the job, or one that looked stalled): leave
        // it to that one, but keep the job queued in case it dies.
        if (previous.owner !== owner && Date.now() - previous.heartbeatAt < LIVE_WITHIN_MS) {
          log(`transfer ${name}: ${previous.owner} runs it; leaving this copy of the job queued`);
          return msg.nak(LIVE_WITHIN_MS);
        }
        // A second copy of a job this replica runs now: the first copy's run reports the end and acks
        // that copy (or JetStream redelivers it if this replica dies), so this one is done. Running it
        // again would open a second session of the same transfer.
        if (previous.owner === owner && this.runsAnotherCopy(msg, key)) {
          log(`transfer ${name}: this replica runs it already; this copy of the job is dropped`);
          return msg.ack();
        }
      }
      // Marked running only now, with no wait since the check above: two copies that were checked at
      // once must not each drop itself for the other, which would leave the job run by neither.
      this.held.set(msg, { migrationId: request.migrationId, diskId: request.diskId, generation, key });
      const carried: CarriedCounts = carriedOver(previous?.status);
      // The union of sent chunks is known if the previous replica carried its set (or there was none).
      const setKnown = previous === undefined || (previous.sentChunks ?? '') !== '' || Number(previous.status.chunksSent) === 0;
      const sent = new SentChunks(previous?.sentChunks);
      const sentLog = sentLogPath(join(this.options.jobsDir, key));
      /** The revision of our last status record: a later one written by another replica means the job moved. */
      let reported = previous?.revision ?? 0;
      const report = async (status: ferry.dataplane.v1.TransferStatus): Promise<void> => {
        // Stopping: the job goes back to the queue; the run cancelled here is not the transfer's end.
        if (this.stopped) return;
        await sent.readLog(sentLog);
        const sentChunks = setKnown ? sent.ranges() : '';
        reported = await queue.writeStatus(key, { owner, dispatch, heartbeatAt: Date.now(), status: Object.assign(withCarried(status, carried, setKnown ? { frames: sent.framesRead, distinct: sent.size } : undefined), { replica: owner }), sentChunks });
      };
      if (control.record.cancel) {
        await report(pb.TransferStatus.create({ migrationId: request.migrationId, diskId: request.diskId, generation, state: pb.TransferState.TRANSFER_STATE_CANCELLED, error: 'cancelled by CancelTransfer' }));
        return msg.ack();
      }
      if (msg.info.redelivered) log(`transfer ${name}: taken over${previous ? ` from ${previous.owner}` : ''} (delivery ${msg.info.redeliveryCount})`);
      // What this replica logged about the transfer before (if it ran it once) is in `carried` already, except
      // the chunks it sent after its last status record: the receiver has them, so no session sends them again.
      if (setKnown) await sent.readLeftover(sentLog);
      await rm(join(this.options.jobsDir, key), { recursive: true, force: true });
      let cap = control.record.maxBytesPerSecond;
      // In the trace of the step that queued it, as a StartTransfer call would be: its sessions are spans in it.
      const attributes = { 'rpc.system': 'nats-jetstream', 'rpc.method': 'StartTransfer', 'ferry.migration_id': request.migrationId, 'ferry.disk_id': request.diskId };
      await runInContext(extractNatsHeaders(msg.headers), () => inSpan('ferry.dataplane.v1.Shipper/StartTransfer', attributes, () => shipper.start(transferRequestOf(request, cap))));
      let workedAt = Date.now();
      // NATS away for a while (a blip, a restart) does not stop the copy: it goes on, reports when it can,
      // and acks only once its final status is recorded. If JetStream gave the job to another replica
      // meanwhile, the check below stops this run when the queue answers again.
      const onQueue = queueCalls((line) => log(`transfer ${name}: ${line}`));
      for (;;) {
        const local = await shipper.status(request.migrationId, request.diskId, generation);
        // Stopping: stop() cancels the local run and hands the job back; nothing here may ack it.
        if (this.stopped) return;
        const now = await onQueue(() => queue.readControl(key));
        if (now !== UNREACHABLE && (now === undefined || now.record.dispatch > dispatch)) {
          // Superseded while running: stop without a report (the newer dispatch owns the record).
          await shipper.cancel(request.migrationId, request.diskId, generation);
          return msg.ack();
        }
        // Another replica reported after us: JetStream gave it the job (we looked stalled). It runs it now.
        const record = await onQueue(() => queue.readStatus(key));
        if (record !== UNREACHABLE && record !== undefined && record.owner !== owner && record.revision > reported) {
          log(`transfer ${name}: ${record.owner} took the job over; stopping here`);
          await shipper.cancel(request.migrationId, request.diskId, generation);
          return;
        }
        if (now !== UNREACHABLE && now.record.cancel && local?.state === 'running') {
          const cancelled = toStatus(await shipper.cancel(request.migrationId, request.diskId, generation));
          while ((await onQueue(() => report(cancelled))) === UNREACHABLE && !this.stopped) await pause(STATUS_EVERY_MS);
          return msg.ack();
        }
        if (now !== UNREACHABLE && now.record.maxBytesPerSecond !== cap) {
          cap = now.record.maxBytesPerSecond;
          await shipper.start(transferRequestOf(request, cap));
        }
        const recorded = local !== undefined ? await onQueue(() => report(toStatus(local))) : UNREACHABLE;
        if (local !== undefined && local.state !== 'running' && recorded !== UNREACHABLE) {
          log(`transfer ${name}: ${local.state}, reported to the queue`);
          return msg.ack();
        }
        if (Date.now() - workedAt >= WORKING_EVERY_MS) {
          try {
            msg.working();
          } catch {
            // disconnected: JetStream's ack wait decides (the takeover check above covers it)
          }
          workedAt = Date.now();
        }
        await pause(STATUS_EVERY_MS);
      }
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof ValidationError) {
        // No replica could run it as asked: it fails, naming the field, and the appliance reports it.
        log(`transfer ${name}: refused: ${error.message}`);
        const status = pb.TransferStatus.create({ migrationId: request.migrationId, diskId: request.diskId, generation, state: pb.TransferState.TRANSFER_STATE_FAILED, error: error.message, replica: owner });
        await queue.writeStatus(key, { owner, dispatch, heartbeatAt: Date.now(), status }).catch(() => undefined);
        return msg.ack();
      }
      // NATS or the local disk failed under us: give the job back for a later try (here or elsewhere).
      log(`transfer ${name}: ${String(error)}; handing the job back to the queue`);
      await shipper.cancel(request.migrationId, request.diskId, generation).catch(() => undefined);
      msg.nak(1_000);
    }
  }
}
