// How bench:api calls ferry.api.v1.Ferry: generic grpc-js clients (grpcClient) over TLS, with the
// bench operator's login token on every call (the channel's call credentials).
import { Metadata, type CallOptions, type ChannelCredentials, type Client, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { grpcClient } from '@ferry/service-kit';

type UnaryMethod = (request: unknown, metadata: Metadata, options: CallOptions, callback: (error: ServiceError | null, reply?: unknown) => void) => void;
type StreamMethod = (request: unknown, metadata: Metadata, options?: CallOptions) => ClientReadableStream<unknown>;

function method<T>(client: Client, name: string): T {
  const fn = (client as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Error(`the ferry.api.v1.Ferry client has no method ${name}`);
  return (fn as (...args: unknown[]) => unknown).bind(client) as T;
}

/** Calls a unary method (as the channel's credential says) with a deadline `deadlineMs` from now. */
export function callUnary<Res>(client: Client, name: string, request: object, deadlineMs: number): Promise<Res> {
  const fn = method<UnaryMethod>(client, name);
  return new Promise<Res>((resolve, reject) => fn(request, new Metadata(), { deadline: Date.now() + deadlineMs }, (error, reply) => (error ? reject(error) : resolve(reply as Res))));
}

/** Opens a server stream (no deadline: it is held until cancelled). */
export function openStream(client: Client, name: string, request: object): ClientReadableStream<unknown> {
  return method<StreamMethod>(client, name)(request, new Metadata());
}

/**
 * `count` clients of ferry.api.v1.Ferry at `address`, each on its own HTTP/2 connection: grpc-js
 * otherwise shares one connection among clients of the same target and options (its global
 * subchannel pool). Calls on one client are multiplexed on its connection.
 */
export function apiChannels(address: string, count: number, credentials: ChannelCredentials): Client[] {
  return Array.from({ length: count }, () => grpcClient('ferry.api.v1.Ferry', address, { credentials, channel: { 'grpc.use_local_subchannel_pool': 1 } }));
}

/** The status code and text of a failed call, for the report. */
export function describeError(error: unknown): string {
  const e = error as Partial<ServiceError>;
  return e.code !== undefined ? `${e.code} ${e.details ?? e.message ?? ''}`.trim() : String(error);
}
