import {
  credentials as grpcCredentials,
  makeGenericClientConstructor,
  Metadata,
  type CallOptions,
  type ChannelCredentials,
  type Client,
  type ClientOptions,
  type Interceptor,
  InterceptingCall,
} from '@grpc/grpc-js';
import { injectGrpcMetadata } from '../telemetry/propagation';
import { grpcServiceDefinition } from './definitions';

/** Defaults every Ferry gRPC client uses, in one place. */
export const GRPC_CLIENT_DEFAULTS = {
  /** Deadline for a unary call when the caller sets none. */
  deadlineMs: 30_000,
  channel: {
    // Keepalive notices a dead peer (a cut interconnect) in ~30 s instead of the TCP timeout.
    'grpc.keepalive_time_ms': 20_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  } satisfies ClientOptions,
} as const;

/** Adds the active trace context (traceparent) to every call's metadata. */
export const traceInterceptor: Interceptor = (options, nextCall) =>
  new InterceptingCall(nextCall(options), {
    start(metadata: Metadata, listener, next) {
      injectGrpcMetadata(metadata);
      next(metadata, listener);
    },
  });

/** Adds the default deadline to unary calls that have none (streams run as long as they need). */
export const deadlineInterceptor: Interceptor = (options, nextCall) => {
  const streaming = options.method_definition.requestStream || options.method_definition.responseStream;
  if (options.deadline === undefined && !streaming) {
    return new InterceptingCall(nextCall({ ...options, deadline: Date.now() + GRPC_CLIENT_DEFAULTS.deadlineMs }));
  }
  return new InterceptingCall(nextCall(options));
};

/**
 * A client of a service declared in proto/, with Ferry's defaults (keepalive, default deadline,
 * trace metadata). Methods are the generic grpc-js ones, named as in the .proto (e.g. `Check`).
 */
export function grpcClient<T extends Client = Client>(
  serviceName: string,
  address: string,
  options: { credentials?: ChannelCredentials; channel?: ClientOptions } = {},
): T {
  const Ctor = makeGenericClientConstructor(grpcServiceDefinition(serviceName), serviceName);
  return new Ctor(address, options.credentials ?? grpcCredentials.createInsecure(), {
    ...GRPC_CLIENT_DEFAULTS.channel,
    ...options.channel,
    interceptors: [traceInterceptor, deadlineInterceptor, ...(options.channel?.interceptors ?? [])],
  }) as unknown as T;
}

/** Calls a unary method and resolves with the reply. */
export function unaryCall<Req, Res>(client: Client, method: string, request: Req, options: CallOptions = {}): Promise<Res> {
  const fn = (client as unknown as Record<string, unknown>)[method];
  if (typeof fn !== 'function') return Promise.reject(new Error(`the gRPC client has no method ${method}`));
  return new Promise((resolve, reject) => {
    (fn as (r: Req, m: Metadata, o: CallOptions, cb: (e: Error | null, v?: Res) => void) => void).call(
      client, request, new Metadata(), options,
      (error, value) => (error ? reject(error) : resolve(value as Res)),
    );
  });
}
