// TransferControl through one prem-manager's control RPC (SHIPPER_URL, TRANSFER_DISPATCH=direct).
import type { Client } from '@grpc/grpc-js';
import type { ferry } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import type { TransferControl } from '@ferry/transfer-queue';

type Status = ferry.dataplane.v1.TransferStatus;

export class GrpcTransferControl implements TransferControl {
  /** `shipper`: a grpcClient('ferry.dataplane.v1.Shipper', …) with the site's mutual-TLS credentials. */
  constructor(private readonly shipper: Client) {}

  start(request: ferry.dataplane.v1.IStartTransferRequest): Promise<Status> {
    return unaryCall<ferry.dataplane.v1.IStartTransferRequest, Status>(this.shipper, 'StartTransfer', request);
  }

  status(key: ferry.dataplane.v1.IGetTransferRequest): Promise<Status> {
    return unaryCall<ferry.dataplane.v1.IGetTransferRequest, Status>(this.shipper, 'GetTransfer', key);
  }

  cancel(key: ferry.dataplane.v1.IGetTransferRequest): Promise<Status> {
    return unaryCall<ferry.dataplane.v1.IGetTransferRequest, Status>(this.shipper, 'CancelTransfer', key);
  }
}
