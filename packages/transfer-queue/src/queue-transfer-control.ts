// The appliance's side of the transfer queue. StartTransfer queues a job (once per dispatch: the
// message id makes a repeated publish a no-op) and records it in `control`; a cancelled or failed
// transfer started again is dispatched anew, and the replica still holding an older dispatch stops it.
// Status comes from the record the running replica keeps current; a job no replica has taken yet is
// reported running with nothing done. A replica that stopped reporting (killed) keeps its last status
// until JetStream hands the job to another replica, ACK_WAIT_MS after its last in-progress ack.
import { headers } from 'nats';
import { ferry } from '@ferry/proto';
import { injectNatsHeaders } from '@ferry/service-kit';
import { DISPATCH_HEADER, TRANSFER_SUBJECT, transferKey } from './names';
import type { ControlRecord } from './records';
import type { TransferControl } from './transfer-control';
import type { TransferQueue } from './transfer-queue';

const pb = ferry.dataplane.v1;
type Status = ferry.dataplane.v1.TransferStatus;

/** NOT_FOUND, as prem-manager's control RPC answers it. */
class UnknownTransfer extends Error {
  readonly code = 5;
}

function keyOf(request: { migrationId?: string | null; diskId?: string | null; generation?: number | null }): { migrationId: string; diskId: string; generation: number; key: string } {
  const migrationId = request.migrationId ?? '';
  const diskId = request.diskId ?? '';
  const generation = Math.max(1, request.generation ?? 0);
  return { migrationId, diskId, generation, key: transferKey(migrationId, diskId, generation) };
}

function placeholder(id: { migrationId: string; diskId: string; generation: number }, state: ferry.dataplane.v1.TransferState, error = ''): Status {
  return pb.TransferStatus.create({ ...id, state, error });
}

export class QueueTransferControl implements TransferControl {
  constructor(private readonly queue: TransferQueue, private readonly pollMs = 200) {}

  async start(request: ferry.dataplane.v1.IStartTransferRequest): Promise<Status> {
    const id = keyOf(request);
    const cap = Number(request.maxBytesPerSecond ?? 0);
    for (let attempt = 0; ; attempt++) {
      const control = await this.queue.readControl(id.key);
      const owned = await this.queue.readStatus(id.key);
      // Only the current dispatch's status counts: an older one describes the run before a restart.
      const status = owned !== undefined && control !== undefined && owned.dispatch === control.record.dispatch ? owned.status : undefined;
      const ended = status?.state === pb.TransferState.TRANSFER_STATE_FAILED || status?.state === pb.TransferState.TRANSFER_STATE_CANCELLED;
      try {
        if (control === undefined) {
          const record: ControlRecord = { dispatch: 1, cancel: false, maxBytesPerSecond: cap, queuedAt: Date.now() };
          await this.queue.writeControl(id.key, record, undefined);
          await this.publish(request, id.key, record.dispatch);
          return placeholder(id, pb.TransferState.TRANSFER_STATE_RUNNING);
        }
        const current = control.record;
        // Cancelled (maybe before any replica took it) or ended failed/cancelled: a new dispatch starts it again.
        if (current.cancel || ended) {
          const record: ControlRecord = { dispatch: current.dispatch + 1, cancel: false, maxBytesPerSecond: cap, queuedAt: Date.now() };
          await this.queue.writeControl(id.key, record, control.revision);
          await this.publish(request, id.key, record.dispatch);
          return placeholder(id, pb.TransferState.TRANSFER_STATE_RUNNING);
        }
        // Queued or running: the latest cap reaches the running replica at its next look.
        if (current.maxBytesPerSecond !== cap) await this.queue.writeControl(id.key, { ...current, maxBytesPerSecond: cap }, control.revision);
        // No replica has reported this dispatch yet: publish it again, in case the caller died between
        // recording it and publishing it. The same message id makes a second copy a no-op within the
        // stream's duplicate window; past it, a replica taking a copy of a job another one runs leaves it.
        if (status === undefined) await this.publish(request, id.key, current.dispatch);
        return status ?? placeholder(id, pb.TransferState.TRANSFER_STATE_RUNNING);
      } catch (error) {
        // Another caller changed the record between our read and our write: read again.
        if (attempt >= 5 || !/wrong last sequence|10071|exists/i.test(String(error))) throw error;
      }
    }
  }

  private async publish(request: ferry.dataplane.v1.IStartTransferRequest, key: string, dispatch: number): Promise<void> {
    // The caller's trace (the migration step that asked) travels with the job: its sessions join it.
    const h = injectNatsHeaders(headers());
    h.set(DISPATCH_HEADER, String(dispatch));
    await this.queue.js.publish(TRANSFER_SUBJECT, pb.StartTransferRequest.encode(pb.StartTransferRequest.create(request)).finish(), { msgID: `${key}.${dispatch}`, headers: h });
  }

  async status(request: ferry.dataplane.v1.IGetTransferRequest): Promise<Status> {
    const id = keyOf(request);
    const [control, status] = await Promise.all([this.queue.readControl(id.key), this.queue.readStatus(id.key)]);
    if (control === undefined) throw new UnknownTransfer(`no transfer of disk ${id.diskId} generation ${id.generation} in migration ${id.migrationId}; start it with StartTransfer`);
    // A status from an older dispatch describes the run before the restart: the new one is queued.
    if (status === undefined || status.dispatch < control.record.dispatch) {
      return control.record.cancel ? placeholder(id, pb.TransferState.TRANSFER_STATE_CANCELLED, 'cancelled by CancelTransfer') : placeholder(id, pb.TransferState.TRANSFER_STATE_RUNNING);
    }
    return status.status;
  }

  async cancel(request: ferry.dataplane.v1.IGetTransferRequest): Promise<Status> {
    const id = keyOf(request);
    for (let attempt = 0; ; attempt++) {
      const control = await this.queue.readControl(id.key);
      if (control === undefined) throw new UnknownTransfer(`no transfer of disk ${id.diskId} generation ${Math.max(1, id.generation)} in migration ${id.migrationId} to cancel; check the ids (GetTransfer shows a transfer's state)`);
      if (control.record.cancel) break;
      try {
        await this.queue.writeControl(id.key, { ...control.record, cancel: true }, control.revision);
        break;
      } catch (error) {
        if (attempt >= 5 || !/wrong last sequence|10071/i.test(String(error))) throw error;
      }
    }
    // The replica running it stops at its next look (about a second); a queued job is dropped when taken.
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      const status = await this.status(request);
      if (status.state !== pb.TransferState.TRANSFER_STATE_RUNNING) return status;
      const owned = await this.queue.readStatus(id.key);
      if (owned === undefined) return placeholder(id, pb.TransferState.TRANSFER_STATE_CANCELLED, 'cancelled by CancelTransfer');
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    return this.status(request);
  }
}
