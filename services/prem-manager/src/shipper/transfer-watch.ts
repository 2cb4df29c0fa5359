// WatchTransfers: the status of every running transfer on one server stream, instead of a GetTransfer per
// disk and poll. Each unary call costs prem-manager 0.4 ms of CPU on an idle machine and 1.1-1.5 ms beside a
// full sync, mostly grpc-js's and HTTP/2's own per-call work (npm run bench:transfer-status compares the two).
import type { ServerWritableStream } from '@grpc/grpc-js';
import { grpcStatusOf, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import type { Shipper, TransferReport } from './shipper';
import { toStatus } from './transfer-status';

const pb = ferry.dataplane.v1;
type WatchCall = ServerWritableStream<ferry.dataplane.v1.WatchTransfersRequest, ferry.dataplane.v1.TransferStatuses>;

/** The interval when the request names none: the appliance's COPY_POLL_MS default. */
export const DEFAULT_WATCH_MS = 500;
const MIN_WATCH_MS = 50;
const MAX_WATCH_MS = 60_000;

/** The request's interval_ms, checked: 0 for the default. */
export function watchIntervalOf(intervalMs: number): number {
  if (intervalMs === 0) return DEFAULT_WATCH_MS;
  if (intervalMs < MIN_WATCH_MS || intervalMs > MAX_WATCH_MS) {
    throw new ValidationError('interval_ms', `must be 0 (${DEFAULT_WATCH_MS} ms) or ${MIN_WATCH_MS} to ${MAX_WATCH_MS} ms, got ${intervalMs}`);
  }
  return intervalMs;
}

/** The transfers one call follows: what it last sent of each, to send only what changed. */
export class WatchedTransfers {
  /** By key: the ids and the encoded status last sent, of the transfers running at the last batch. */
  private followed = new Map<string, { id: ferry.dataplane.v1.IGetTransferRequest; sent: Uint8Array }>();

  constructor(private readonly shipper: Pick<Shipper, 'runningReports' | 'status'>) {}

  /**
   * The next batch: each running transfer whose status differs from the one last sent, and each one that ran
   * at the last batch and has ended since, with its final status (from its persisted job).
   */
  async next(): Promise<ferry.dataplane.v1.TransferStatus[]> {
    const running = this.shipper.runningReports();
    const changed: ferry.dataplane.v1.TransferStatus[] = [];
    const followed = new Map<string, { id: ferry.dataplane.v1.IGetTransferRequest; sent: Uint8Array }>();
    const consider = (key: string, report: TransferReport, keep: boolean): void => {
      const status = toStatus(report);
      const encoded = pb.TransferStatus.encode(status).finish();
      const before = this.followed.get(key)?.sent;
      if (before === undefined || !Buffer.from(before).equals(encoded)) changed.push(status);
      if (keep) followed.set(key, { id: { migrationId: report.migrationId, diskId: report.diskId, generation: report.generation }, sent: encoded });
    };
    for (const [key, report] of running) consider(key, report, true);
    for (const [key, { id }] of this.followed) {
      if (running.has(key)) continue;
      const ended = await this.shipper.status(id.migrationId ?? '', id.diskId ?? '', id.generation ?? 1);
      if (ended !== undefined) consider(key, ended, false);
    }
    this.followed = followed;
    return changed;
  }
}

/** Serves one WatchTransfers call until the caller cancels it or prem-manager closes. */
export function watchTransfers(call: WatchCall, shipper: Pick<Shipper, 'runningReports' | 'status'>): void {
  let intervalMs: number;
  try {
    intervalMs = watchIntervalOf(call.request.intervalMs ?? 0);
  } catch (error) {
    call.emit('error', { code: grpcStatusOf(error), details: (error as Error).message });
    return;
  }
  const watched = new WatchedTransfers(shipper);
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  /** Resolves a wait for 'drain' when the call ends instead. */
  let undrained: (() => void) | undefined;
  const end = (): void => {
    ended = true;
    clearTimeout(timer);
    undrained?.();
  };
  call.on('cancelled', end);
  call.on('close', end);
  call.on('error', end);
  const send = async (snapshot: boolean): Promise<void> => {
    if (ended) return;
    const statuses = await watched.next();
    if (ended) return;
    const flowing = call.write(pb.TransferStatuses.create({ snapshot, statuses, intervalMs }));
    // A caller that reads slower than the batches come gets the next one once it has taken this one.
    if (!flowing) {
      await new Promise<void>((resolve) => {
        undrained = resolve;
        call.once('drain', resolve);
      });
      undrained = undefined;
    }
    if (!ended) timer = setTimeout(() => void send(false).catch(fail), intervalMs);
  };
  const fail = (error: unknown): void => {
    if (ended) return;
    end();
    call.emit('error', { code: grpcStatusOf(error), details: error instanceof Error ? error.message : String(error) });
  };
  void send(true).catch(fail);
}
