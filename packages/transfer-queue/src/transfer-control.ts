import type { ferry } from '@ferry/proto';

type Status = ferry.dataplane.v1.TransferStatus;

/**
 * How the appliance starts, follows and stops a disk transfer: through one prem-manager's control RPC
 * (SHIPPER_URL) or through the transfer queue any replica takes jobs from. Both are idempotent per
 * migration + disk + generation: starting again resumes, and changes the rate cap of a running one.
 * A transfer nobody knows is an error with `code` 5 (NOT_FOUND), as the RPC answers.
 */
export interface TransferControl {
  start(request: ferry.dataplane.v1.IStartTransferRequest): Promise<Status>;
  status(key: ferry.dataplane.v1.IGetTransferRequest): Promise<Status>;
  cancel(key: ferry.dataplane.v1.IGetTransferRequest): Promise<Status>;
  /** Ends what the control keeps open to follow transfers (a WatchTransfers call), if anything. */
  close?(): void;
}
