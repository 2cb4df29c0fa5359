import { makeGenericClientConstructor, type ChannelCredentials, type Client, type ClientDuplexStream, type ServerDuplexStream } from '@grpc/grpc-js';
import { DATA_PLANE_CHANNEL_OPTIONS } from '@ferry/block-pipeline';
import { grpcStatusOf } from '@ferry/errors';
import type { ferry } from '@ferry/proto';
import { grpcServiceDefinition } from '@ferry/service-kit';

type Call = ServerDuplexStream<ferry.dataplane.v1.SenderMessage, ferry.dataplane.v1.ReceiverMessage>;
type Upstream = ClientDuplexStream<ferry.dataplane.v1.ISenderMessage, ferry.dataplane.v1.ReceiverMessage>;

/** A ChunkReceiver client for cloud-cache's FROM_CLOUD_MANAGER_PORT, with a connection of its own. */
export function cacheReceiverClient(endpoint: string, credentials: ChannelCredentials): Client {
  const Ctor = makeGenericClientConstructor(grpcServiceDefinition('ferry.dataplane.v1.ChunkReceiver'), 'ferry.dataplane.v1.ChunkReceiver');
  return new Ctor(endpoint, credentials, { ...DATA_PLANE_CHANNEL_OPTIONS, 'grpc.use_local_subchannel_pool': 1, 'grpc.ferry_lane': 'hydration' });
}

/**
 * A transfer whose target is a cache volume (SessionOpen.target_format "cache"): the stream is passed
 * to cloud-cache as it is, frames up and acknowledgements, credits and completion down. The cache
 * verifies each frame and decides what it writes (a chunk the guest wrote is never overwritten), so
 * here nothing is decrypted or stored; HTTP/2 back-pressure is honoured both ways.
 */
export function relayToCache(call: Call, open: ferry.dataplane.v1.SenderMessage, client: Client, log: (line: string) => void): void {
  const upstream = (client as unknown as { Transfer(): Upstream }).Transfer();
  let ended = false;
  const fail = (code: number, details: string): void => {
    if (ended) return;
    ended = true;
    log(`cache transfer relay ended: ${details}`);
    call.emit('error', { code, details });
  };
  upstream.on('data', (message: ferry.dataplane.v1.ReceiverMessage) => {
    if (!call.write(message)) {
      upstream.pause();
      call.once('drain', () => upstream.resume());
    }
  });
  upstream.on('end', () => {
    if (ended) return;
    ended = true;
    call.end();
  });
  upstream.on('error', (error: Error & { code?: number; details?: string }) => fail(error.code ?? grpcStatusOf(error), `cloud-cache: ${error.details ?? error.message}`));
  upstream.write(open);
  call.on('data', (message: ferry.dataplane.v1.SenderMessage) => {
    if (!upstream.write(message)) {
      call.pause();
      upstream.once('drain', () => call.resume());
    }
  });
  call.on('end', () => upstream.end());
  call.on('cancelled', () => upstream.cancel());
  call.on('error', () => upstream.cancel());
  call.resume();
}
