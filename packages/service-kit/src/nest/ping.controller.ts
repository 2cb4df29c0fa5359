import { Controller, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ferry } from '@ferry/proto';
import { activeTraceId } from '../telemetry/propagation';

/**
 * The handler of `ferry.cmd.<service>.ping`: proves the NATS path (protobuf both ways, trace context
 * carried) by answering with the service name and the trace id it saw.
 */
export function pingController(serviceName: string, version: string, instanceId: string): Type<unknown> {
  @Controller()
  class PingController {
    @MessagePattern(`ferry.cmd.${serviceName}.ping`)
    ping(@Payload() _ping: ferry.common.v1.Ping): ferry.common.v1.Pong {
      return ferry.common.v1.Pong.create({
        service: serviceName,
        version,
        instanceId,
        receivedAt: { unixMillis: Date.now() },
        traceId: activeTraceId(),
      });
    }
  }
  return PingController;
}
