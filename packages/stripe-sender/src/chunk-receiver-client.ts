import { makeGenericClientConstructor, type ChannelCredentials, type Client } from '@grpc/grpc-js';
import { DATA_PLANE_CHANNEL_OPTIONS, senderMessageSerializer, type TlsMaterial } from '@ferry/block-pipeline';
import { GrpcStripeLine } from './grpc-stripe-line';
import { LeanStripeLine } from './lean-stripe-line';
import type { StripeLine } from './stripe-line';
import { deadlineInterceptor, GRPC_CLIENT_DEFAULTS, grpcServiceDefinition, traceInterceptor } from '@ferry/service-kit';

/** The ChunkReceiver client class, built once (a session makes one client per stripe). */
let receiverConstructor: ReturnType<typeof makeGenericClientConstructor> | undefined;
function chunkReceiverConstructor(): ReturnType<typeof makeGenericClientConstructor> {
  if (receiverConstructor !== undefined) return receiverConstructor;
  const generic = grpcServiceDefinition('ferry.dataplane.v1.ChunkReceiver');
  const [transfer, stripes] = [generic.Transfer!, generic.TransferStripe!];
  const definition = {
    ...generic,
    Transfer: { ...transfer, requestSerialize: senderMessageSerializer(transfer.requestSerialize) },
    TransferStripe: { ...stripes, requestSerialize: senderMessageSerializer(stripes.requestSerialize) },
  };
  return (receiverConstructor = makeGenericClientConstructor(definition, 'ferry.dataplane.v1.ChunkReceiver'));
}

/**
 * A ChunkReceiver client whose Transfer and TransferStripe streams send frames the source sealed and
 * encoded as they are. `stripe` > 0: a client on a connection of its own (a local subchannel pool),
 * for that stripe of every session to this endpoint.
 */
export function chunkReceiverClient(endpoint: string, credentials: ChannelCredentials, stripe = 0): Client {
  const Ctor = chunkReceiverConstructor();
  const own = stripe > 0 ? { 'grpc.use_local_subchannel_pool': 1, 'ferry.stripe': stripe } : {};
  return new Ctor(endpoint, credentials, { ...GRPC_CLIENT_DEFAULTS.channel, ...DATA_PLANE_CHANNEL_OPTIONS, ...own, interceptors: [traceInterceptor, deadlineInterceptor] });
}

/** How a sender's stripes reach the receiver: lean stripes (the default), or gRPC TransferStripe streams. */
export type StripeTransport = 'lean' | 'grpc';

/** What stripeLines needs to dial: the gRPC credentials, and this service's TLS material for lean stripes. */
export interface StripeDialing {
  transport: StripeTransport;
  credentials: ChannelCredentials;
  tls: TlsMaterial;
  /** Where to say that a receiver refused lean stripes and its stripes go over gRPC (once per receiver in this process). */
  log?: (line: string) => void;
}

/** Receivers whose refusal of lean stripes this process has logged. */
const refusedLean = new Set<string>();

/**
 * `count` stripe lines to `endpoint`, each to dial a connection of its own (stripes 1..count): lean
 * stripes, or TransferStripe streams on clients of their own (`transport` grpc, or a receiver that
 * refuses the upgrade).
 */
export function stripeLines(endpoint: string, dialing: StripeDialing, count: number): StripeLine[] {
  const onFallback = (reason: string): void => {
    if (refusedLean.has(endpoint)) return;
    refusedLean.add(endpoint);
    dialing.log?.(`stripes to ${endpoint} go over gRPC TransferStripe: ${reason}`);
  };
  return Array.from({ length: count }, (_, index) => {
    const client = (): Client => chunkReceiverClient(endpoint, dialing.credentials, index + 1);
    return dialing.transport === 'grpc' ? new GrpcStripeLine(client()) : new LeanStripeLine(endpoint, dialing.tls, client, onFallback);
  });
}
