import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { grpcStatusOf } from '@ferry/errors';
import { grpcServiceDefinition } from '@ferry/service-kit';
import type { InventoryApi } from './inventory-api';

/** The inventory gRPC API, listening. */
export interface InventoryServer {
  readonly port: number;
  /** Stops accepting calls and lets running ones finish (forced after `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/** Runs a synchronous handler; a thrown Ferry error becomes its gRPC status with the message kept. */
function unary<Req, Res>(handler: (req: Req) => Res) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    try {
      callback(null, handler(call.request));
    } catch (error) {
      const status: Partial<ServiceError> = { code: grpcStatusOf(error), details: error instanceof Error ? error.message : String(error) };
      callback(status);
    }
  };
}

/** Serves ferry.inventory.v1.InventoryService on host:port (port 0 picks a free one). */
export async function startInventoryServer(api: InventoryApi, host: string, port: number): Promise<InventoryServer> {
  const server = new Server();
  server.addService(grpcServiceDefinition('ferry.inventory.v1.InventoryService'), {
    ListVms: unary((r) => api.listVms(r)),
    GetVm: unary((r) => api.getVm(r)),
    ListInfra: unary((r) => api.listInfra(r)),
    AssessVm: unary((r) => api.assessVm(r)),
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))),
  );
  return {
    port: bound,
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
