// The appliance's client of the inventory service's gRPC API: remote failures become Ferry errors, so
// the integrator sees NOT_FOUND / INVALID_ARGUMENT / UNAVAILABLE with a message that names the cause.
import { status as GrpcStatus, type Client, type ServiceError } from '@grpc/grpc-js';
import { IllegalStateError, NotFoundError, UnavailableError, ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';

import inv = ferry.inventory.v1;

/** What the appliance asks of the inventory. */
export interface Inventory {
  listVms(request: inv.IListVmsRequest): Promise<inv.ListVmsResponse>;
  /** The VM, or undefined when the vCenter has no VM with that id. */
  findVm(site: inv.Site, id: string): Promise<inv.Vm | undefined>;
  listInfra(request: inv.IListInfraRequest): Promise<inv.ListInfraResponse>;
  assessVm(request: inv.IAssessVmRequest): Promise<inv.AssessVmResponse>;
  close(): void;
}

function isServiceError(error: unknown): error is ServiceError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && 'details' in error;
}

/** The inventory's gRPC error as the Ferry error the appliance's own callers get. */
function translate(address: string, method: string, error: unknown): Error {
  if (!isServiceError(error)) return error instanceof Error ? error : new Error(String(error));
  const why = `inventory ${method}: ${error.details}`;
  switch (error.code) {
    case GrpcStatus.NOT_FOUND:
      return new NotFoundError(why, { cause: error });
    case GrpcStatus.INVALID_ARGUMENT:
      return new ValidationError('request', why, { cause: error });
    case GrpcStatus.FAILED_PRECONDITION:
      return new IllegalStateError(why, { cause: error });
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DEADLINE_EXCEEDED:
      return new UnavailableError(`the inventory service at ${address} did not answer ${method} (${error.details}); check that it runs and INVENTORY_API_URL`, { cause: error });
    default:
      return new UnavailableError(`${why} (gRPC status ${error.code}); see the inventory service's log`, { cause: error });
  }
}

/** Connects (lazily, as gRPC does) to ferry.inventory.v1.InventoryService at host:port. */
export function inventoryClient(address: string): Inventory {
  const client: Client = grpcClient('ferry.inventory.v1.InventoryService', address);
  const call = async <Req, Res>(method: string, request: Req): Promise<Res> => {
    try {
      return await unaryCall<Req, Res>(client, method, request);
    } catch (error) {
      throw translate(address, method, error);
    }
  };
  return {
    listVms: (request) => call('ListVms', request),
    findVm: async (site, id) => {
      try {
        return await call<inv.IGetVmRequest, inv.Vm>('GetVm', { site, id });
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    listInfra: (request) => call('ListInfra', request),
    assessVm: (request) => call('AssessVm', request),
    close: () => client.close(),
  };
}
