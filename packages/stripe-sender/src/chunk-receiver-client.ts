import { makeGenericClientConstructor, type ChannelCredentials, type Client } from '@grpc/grpc-js';
import { DATA_PLANE_CHANNEL_OPTIONS, senderMessageSerializer } from '@ferry/block-pipeline';
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

/** TRANSFER_STRIPES clients of `endpoint`, each to dial a connection of its own (stripes 1..count). */
export function stripeClients(endpoint: string, credentials: ChannelCredentials, count: number): Client[] {
  return Array.from({ length: count }, (_, index) => chunkReceiverClient(endpoint, credentials, index + 1));
}
