import type { Http2SecureServer, Http2Server, ServerHttp2Session } from 'node:http2';
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
import { redact } from '../secrets/redaction';

/** A unary handler as domain code writes it: request in, reply out, errors thrown; `peer` is the client's address as grpc-js names it. */
export type UnaryHandler<Req, Res> = (request: Req, metadata: Metadata, peer: string) => Promise<Res>;
/** A server-streaming handler: writes replies through `send` until it resolves. */
export type StreamHandler<Req, Res> = (request: Req, send: (reply: Res) => void, signal: AbortSignal, metadata: Metadata, peer: string) => Promise<void>;

/** An unpaired UTF-16 surrogate (a paired one is a single code point under the u flag). */
const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * Status details as grpc-js can send them: it puts them in the grpc-message trailer with encodeURI,
 * which throws URIError on an unpaired surrogate, and a throw there ends the process. A request's
 * text decoded from bytes that are not valid UTF-8 (protobufjs's reader makes such surrogates) and
 * quoted in a refusal would do that, so each unpaired surrogate becomes U+FFFD.
 */
export function sendableDetails(details: string): string {
  return details.replace(LONE_SURROGATE, '\uFFFD');
}

/** The one place a thrown error becomes a gRPC status: Ferry errors map by class, the message is kept (secrets redacted, made sendable). */
export function toServiceError(error: unknown): Partial<ServiceError> {
  return { code: grpcStatusOf(error), details: sendableDetails(redact(error instanceof Error ? error.message : String(error))) };
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
    context.with(ctx, () => settle(call.request, (request) => handler(request, call.metadata, call.getPeer()))).then(
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
    context.with(ctx, () => settle(call.request, (request) => handler(request, (reply) => call.write(reply), abort.signal, call.metadata, call.getPeer()))).then(
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
 * The HTTP/2 receive windows of a server made by serveGrpc: 1 MiB per call (stream), grpc-java's
 * default, and 8 MiB per connection, shared by its calls. grpc-js (1.14) leaves both at Node's
 * 65,535 bytes and has no server option for them (grpc/grpc-node#3058): a client could then have at
 * most 64 KiB of request bodies in flight on a connection, so a connection carrying several large
 * requests moved 64 KiB per round trip and its next calls waited behind them (issue 22: calls on one
 * connection ran into their 10 s deadline after bodies of 64 KiB and more, while a second connection
 * answered at once). The windows bound how fast a client may send, not what the server holds: the
 * connection's window is given back as data arrives, and a request is read whole up to
 * grpc.max_receive_message_length (4 MiB) either way.
 */
export const GRPC_SERVER_RECEIVE_WINDOWS = { streamBytes: 1 << 20, connectionBytes: 8 << 20 } as const;

/**
 * Raises each new connection's receive windows: a second SETTINGS frame with the per-stream initial
 * window, and a WINDOW_UPDATE of the connection window. grpc-js does not expose its http2 servers,
 * so they are reached through its private `http2Servers` map (grpc-js 1.14);
 * test/server-windows.int.spec.ts checks that a connection gets the windows.
 */
function raiseReceiveWindows(server: Server, windows: typeof GRPC_SERVER_RECEIVE_WINDOWS): void {
  const http2Servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(http2Servers instanceof Map)) return;
  for (const http2Server of http2Servers.keys() as Iterable<Http2Server | Http2SecureServer>) {
    http2Server.on('session', (session: ServerHttp2Session) => {
      if (session.destroyed) return;
      session.settings({ initialWindowSize: windows.streamBytes });
      session.setLocalWindowSize(windows.connectionBytes);
    });
  }
}

/**
 * Serves the named services (full names from the generated descriptor, e.g. 'ferry.api.v1.Ferry')
 * on host:port; port 0 picks a free one. Requests are decoded strictly, so every handler must be made
 * with unary() or serverStream(): they answer a malformed body INVALID_ARGUMENT. Each connection's
 * receive windows are GRPC_SERVER_RECEIVE_WINDOWS.
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
  raiseReceiveWindows(server, GRPC_SERVER_RECEIVE_WINDOWS);
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
