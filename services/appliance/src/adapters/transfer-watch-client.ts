// The statuses one prem-manager pushes on a WatchTransfers call, for GrpcTransferControl to answer status()
// from instead of a GetTransfer per disk and poll. The call opens at the first status() and opens again (at
// most every RETRY_MS) after it failed; a prem-manager that predates it (UNIMPLEMENTED) is asked by GetTransfer
// from then on. Nothing here is answered from a call that went quiet: after three intervals without a batch
// (prem-manager hung, or the link) status() is asked by GetTransfer again, which fails or times out as before.
import type { Client, ClientReadableStream } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';

type Status = ferry.dataplane.v1.TransferStatus;
type Key = ferry.dataplane.v1.IGetTransferRequest;
const RUNNING = ferry.dataplane.v1.TransferState.TRANSFER_STATE_RUNNING;

/** gRPC's UNIMPLEMENTED: a prem-manager without WatchTransfers. */
const UNIMPLEMENTED = 12;
/** After a call failed or ended, the next one opens no sooner than this. */
export const WATCH_RETRY_MS = 2000;
/** prem-manager's bounds for interval_ms. */
const MIN_INTERVAL_MS = 50;

function keyOf(key: Key): string {
  return `${key.migrationId ?? ''}\u0000${key.diskId ?? ''}\u0000${Math.max(1, key.generation ?? 0)}`;
}

export class TransferWatchClient {
  private call: ClientReadableStream<ferry.dataplane.v1.TransferStatuses> | undefined;
  private readonly statuses = new Map<string, Status>();
  private snapshotSeen = false;
  private lastBatchAt = 0;
  private retryAt = 0;
  private unsupported = false;
  private closed = false;
  private readonly intervalMs: number;

  /** `shipper`: a client of ferry.dataplane.v1.Shipper; `intervalMs`: how often prem-manager sends a batch. */
  constructor(
    private readonly shipper: Client,
    intervalMs: number,
    private readonly log: (line: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = Math.max(MIN_INTERVAL_MS, intervalMs);
  }

  /**
   * The running transfer's status as last pushed; undefined when the call is not up, went quiet, does not
   * follow it, or last pushed it ended.
   */
  statusOf(key: Key): Status | undefined {
    this.open();
    if (this.call === undefined || !this.snapshotSeen || this.now() - this.lastBatchAt > 3 * this.intervalMs + 1000) return undefined;
    return this.statuses.get(keyOf(key));
  }

  /** Whether statusOf() can answer now (for tests and logs). */
  get following(): boolean {
    return this.call !== undefined && this.snapshotSeen;
  }

  close(): void {
    this.closed = true;
    const call = this.call;
    this.call = undefined;
    call?.cancel();
  }

  private open(): void {
    if (this.call !== undefined || this.unsupported || this.closed || this.now() < this.retryAt) return;
    const call = (this.shipper as unknown as { WatchTransfers(request: ferry.dataplane.v1.IWatchTransfersRequest): ClientReadableStream<ferry.dataplane.v1.TransferStatuses> }).WatchTransfers({ intervalMs: this.intervalMs });
    this.call = call;
    this.snapshotSeen = false;
    this.statuses.clear();
    call.on('data', (batch: ferry.dataplane.v1.TransferStatuses) => {
      if (this.call !== call) return;
      if (batch.snapshot) {
        this.statuses.clear();
        this.snapshotSeen = true;
      }
      // Only running transfers are answered from here (an end state is asked of GetTransfer), so an ended one is
      // dropped: the map holds what runs, not every transfer since the call opened.
      for (const status of batch.statuses) {
        if (status.state === RUNNING) this.statuses.set(keyOf(status), status as Status);
        else this.statuses.delete(keyOf(status));
      }
      this.lastBatchAt = this.now();
    });
    const drop = (error?: { code?: number; details?: string }): void => {
      if (this.call !== call) return;
      this.call = undefined;
      this.snapshotSeen = false;
      this.statuses.clear();
      this.retryAt = this.now() + WATCH_RETRY_MS;
      if (error?.code === UNIMPLEMENTED) {
        this.unsupported = true;
        this.log(`prem-manager has no WatchTransfers (${error.details ?? 'UNIMPLEMENTED'}); copies are followed with GetTransfer, one call per disk and poll`);
      }
    };
    call.on('error', drop);
    call.on('end', () => drop());
  }
}
