import { status as grpcStatus, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { grpc } from '@ferry/proto';
import type { HealthRegistry } from './health';

type Request = grpc.health.v1.IHealthCheckRequest;
type Response = grpc.health.v1.IHealthCheckResponse;
const { ServingStatus } = grpc.health.v1.HealthCheckResponse;

/** grpc.health.v1.Health backed by a HealthRegistry (Check and Watch, as the health-checking spec says). */
export function healthImplementation(registry: HealthRegistry): UntypedServiceImplementation {
  return {
    Check(call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) {
      registry.refresh();
      const status = registry.status(call.request.service ?? '');
      if (status === ServingStatus.SERVICE_UNKNOWN) {
        callback({ code: grpcStatus.NOT_FOUND, details: `unknown service "${call.request.service}"; ask for "" or "${registry.serviceName}"` });
        return;
      }
      callback(null, { status });
    },
    Watch(call: ServerWritableStream<Request, Response>) {
      const service = call.request.service ?? '';
      let last: number | undefined;
      const send = () => {
        const status = registry.status(service);
        if (status !== last) {
          last = status;
          call.write({ status });
        }
      };
      send();
      const unsubscribe = registry.watch(send);
      call.on('cancelled', unsubscribe);
      call.on('close', unsubscribe);
    },
  };
}
