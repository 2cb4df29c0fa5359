import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  Metadata,
  Server,
  ServerCredentials,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { grpcStatusOf } from '@ferry/errors';
import { extractGrpcMetadata } from '../telemetry/propagation';
import { tracer } from '../telemetry/telemetry';
import { grpcServiceDefinition } from './definitions';
import { MalformedRequest } from './malformed-request';

/** A unary handler as domain code writes it: request in, reply out, errors thrown. */
export type UnaryHandler<Req, Res> = (request: Req, metadata: Metadata) => Promise<Res>;
/** A server-streaming handler: writes replies through `send` until it resolves. */
export type StreamHandler<Req, Res> = (request: Req, send: (reply: Res) => void, signal: AbortSignal, metadata: Metadata) => Promise<void>;

/** The one place a thrown error becomes a gRPC status: Ferry errors map by class, the message is kept. */
export function toServiceError(error: unknown): Partial<ServiceError> {
  return { code: grpcStatusOf(error), details: error instanceof Error ? error.message : String(error) };
}

function spanFor(method: string, metadata: Metadata) {
  const parent = extractGrpcMetadata(metadata, context.active());
  const span = tracer().startSpan(method, { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

/**
 * Runs `handler` on the call's request: a body that did not decode (see MalformedRequest) is refused
 * without it, and a handler that throws before its promise exists fails like one that rejects (grpc-js
 * would answer UNKNOWN "Server method handler threw error" and lose the error's class and message).
 */
function settle<Req, T>(request: Req | MalformedRequest, handler: (request: Req) => Promise<T>): Promise<T> {
  if (request instanceof MalformedRequest) return Promise.reject(request.toError());
  return new Promise<T>((resolve) => resolve(handler(request)));
}

/** Adapts a promise-returning handler to grpc-js, inside a span parented by the caller's trace metadata. */
export function unary<Req, Res>(method: string, handler: UnaryHandler<Req, Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const { span, ctx } = spanFor(method, call.metadata);
    context.with(ctx, () => settle(call.request, (request) => handler(request, call.metadata))).then(
      (reply) => callback(null, reply),
      (error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        callback(toServiceError(error));
      },
    ).finally(() => span.end());
  };
}

/** Adapts a server-streaming handler; a cancelled call aborts `signal`. */
export function serverStream<Req, Res>(method: string, handler: StreamHandler<Req, Res>) {
  return (call: ServerWritableStream<Req, Res>): void => {
    const { span, ctx } = spanFor(method, call.metadata);
    const abort = new AbortController();
    call.on('cancelled', () => abort.abort());
    context.with(ctx, () => settle(call.request, (request) => handler(request, (reply) => call.write(reply), abort.signal, call.metadata))).then(
      () => call.end(),
      (error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        // 'error' (not destroy) makes grpc-js send the status, so the client sees e.g. NOT_FOUND instead of hanging.
        if (!abort.signal.aborted) call.emit('error', Object.assign(new Error(String(error)), toServiceError(error)));
      },
    ).finally(() => span.end());
  };
}

/** Builds an implementation object from method name -> adapted handler (type helper for addService). */
export function implementation(methods: Record<string, UntypedServiceImplementation[string]>): UntypedServiceImplementation {
  return methods;
}

/** A listening gRPC server. */
export interface RunningGrpcServer {
  readonly port: number;
  /** Stops accepting calls and lets running ones finish (forced after `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/**
 * Serves the named services (full names from the generated descriptor, e.g. 'ferry.api.v1.Ferry')
 * on host:port; port 0 picks a free one. Requests are decoded strictly, so every handler must be made
 * with unary() or serverStream(): they answer a malformed body INVALID_ARGUMENT.
 */
export async function serveGrpc(
  host: string,
  port: number,
  services: Record<string, UntypedServiceImplementation>,
  credentials: ServerCredentials = ServerCredentials.createInsecure(),
): Promise<RunningGrpcServer> {
  const server = new Server();
  for (const [name, handlers] of Object.entries(services)) server.addService(grpcServiceDefinition(name, { strictRequests: true }), handlers);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, credentials, (error, p) => (error ? reject(error) : resolve(p))),
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
