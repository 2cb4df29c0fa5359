// TransferControl through one prem-manager's control RPC (SHIPPER_URL, TRANSFER_DISPATCH=direct).
import type { Client } from '@grpc/grpc-js';
import type { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import type { TransferControl } from '@ferry/transfer-queue';
import { TransferWatchClient } from './transfer-watch-client';

type Status = ferry.dataplane.v1.TransferStatus;

export class GrpcTransferControl implements TransferControl {
  private readonly watch: TransferWatchClient;

  /**
   * `shipper`: a grpcClient('ferry.dataplane.v1.Shipper', …) with the site's mutual-TLS credentials;
   * `watchMs`: how often prem-manager pushes the running transfers' statuses (the appliance's COPY_POLL_MS).
   */
  constructor(
    private readonly shipper: Client,
    options: { watchMs?: number; log?: (line: string) => void } = {},
  ) {
    this.watch = new TransferWatchClient(shipper, options.watchMs ?? 500, options.log);
  }

  start(request: ferry.dataplane.v1.IStartTransferRequest): Promise<Status> {
    return unaryCall<ferry.dataplane.v1.IStartTransferRequest, Status>(this.shipper, 'StartTransfer', request);
  }

  /**
   * A running transfer as WatchTransfers last pushed it (as fresh as a poll every `watchMs`); anything else
   * by GetTransfer: a transfer the watch does not follow (yet), a watch that is down, and every end state, so
   * that a transfer restarted since its end is never reported ended from the watch.
   */
  status(key: ferry.dataplane.v1.IGetTransferRequest): Promise<Status> {
    const pushed = this.watch.statusOf(key);
    if (pushed !== undefined) return Promise.resolve(pushed);
    return unaryCall<ferry.dataplane.v1.IGetTransferRequest, Status>(this.shipper, 'GetTransfer', key);
  }

  cancel(key: ferry.dataplane.v1.IGetTransferRequest): Promise<Status> {
    return unaryCall<ferry.dataplane.v1.IGetTransferRequest, Status>(this.shipper, 'CancelTransfer', key);
  }

  /** Ends the watch call (the client itself is the caller's to close). */
  close(): void {
    this.watch.close();
  }
}
