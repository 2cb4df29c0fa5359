import { serveGrpc, unary, type RunningGrpcServer } from '@ferry/service-kit';
import type { InventoryApi } from './inventory-api';

/** The inventory gRPC API, listening. */
export type InventoryServer = RunningGrpcServer;

/** Serves ferry.inventory.v1.InventoryService on host:port (port 0 picks a free one). */
export async function startInventoryServer(api: InventoryApi, host: string, port: number): Promise<InventoryServer> {
  return serveGrpc(host, port, {
    'ferry.inventory.v1.InventoryService': {
      ListVms: unary('ListVms', async (r) => api.listVms(r)),
      GetVm: unary('GetVm', async (r) => api.getVm(r)),
      ListInfra: unary('ListInfra', async (r) => api.listInfra(r)),
      AssessVm: unary('AssessVm', async (r) => api.assessVm(r)),
    },
  });
}
