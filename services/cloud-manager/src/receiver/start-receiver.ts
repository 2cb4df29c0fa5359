import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { Server, status } from '@grpc/grpc-js';
import { allowLeanUpgrades, DATA_PLANE_CHANNEL_OPTIONS, ensureSiteKey, issueLeaf, mutualTlsClient, mutualTlsServer, OpenPool, STREAM_IN_FLIGHT_MAX_BYTES, widenServerWindows } from '@ferry/block-pipeline';
import type { ferry } from '@ferry/proto';
import { grpcServiceDefinition } from '@ferry/service-kit';
import { cacheReceiverClient, relayToCache } from './cache-relay';
import { handleStripe, handleTransfer, serveLeanStripes, type ReceiverDeps } from '@ferry/chunk-receiver';
import { receiverMetrics } from './receiver-metrics';

type TransferCall = Parameters<typeof handleTransfer>[0];

/** What the chunk receiver needs from cloud-manager's config. */
export interface ReceiverConfig {
  host: string;
  port: number;
  caDir: string;
  targetRoot: string;
  stateDir: string;
  window: number;
  commitBatch: number;
  /** Worker threads that verify (tag, zstd, SHA-256) and write chunks; 0 = on the main thread. Default 2. */
  verifyThreads?: number;
  /** cloud-cache's FROM_CLOUD_MANAGER_PORT (host:port): transfers whose target is a cache volume go there. */
  cacheEndpoint?: string;
  /** TransferStripe streams a session may add (STRIPES_PER_SESSION): extra connections for lossy links. Default 0. */
  stripesPerSession?: number;
  /** How long a session's lease on its disk lasts without renewal (SESSION_LEASE_SECONDS). Default 10. */
  sessionLeaseSeconds?: number;
  log?: (line: string) => void;
}

/** A running chunk receiver. */
export interface ReceiverHandle {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves ferry.dataplane.v1.ChunkReceiver over mutual TLS (port 6000 by default). Several replicas may
 * serve one TARGET_ROOT when they share STATE_DIR: a session holds a lease on its disk there, and a
 * session cut by a replica's death resumes on another (prem-manager's target_endpoint lists them all).
 */
export async function startReceiver(config: ReceiverConfig): Promise<ReceiverHandle> {
  const tls = await issueLeaf(config.caDir, 'cloud-manager');
  const siteKey = await ensureSiteKey(config.caDir);
  await mkdir(config.stateDir, { recursive: true });
  const pool = new OpenPool(config.verifyThreads ?? 2);
  const deps: ReceiverDeps = {
    pool, siteKey, targetRoots: [config.targetRoot], targetRootSetting: 'TARGET_ROOT', metrics: receiverMetrics, stateRoot: config.stateDir, window: config.window, commitBatch: config.commitBatch, active: new Map(),
    stripes: { max: config.stripesPerSession ?? 0, sinks: new Map() },
    log: config.log ?? ((line) => process.stdout.write(`cloud-manager receiver: ${line}\n`)),
  };
  const server = new Server(DATA_PLANE_CHANNEL_OPTIONS);
  // Lean stripes reach this port by an HTTP/1.1 Upgrade (StripeReply in transfer.proto); gRPC clients still negotiate h2.
  allowLeanUpgrades(server);
  const leaseTtlMs = (config.sessionLeaseSeconds ?? 10) * 1000;
  const cache = config.cacheEndpoint ? cacheReceiverClient(config.cacheEndpoint, mutualTlsClient(tls)) : undefined;
  // The first message (SessionOpen) says where the stream goes: a raw target here, or a cache volume
  // whose stream is relayed to cloud-cache. The call is paused while that is decided.
  const route = (call: TransferCall): void => {
    call.once('data', (first: ferry.dataplane.v1.SenderMessage) => {
      call.pause();
      if (first.open?.targetFormat === 'cache') {
        if (cache === undefined) {
          call.emit('error', { code: status.FAILED_PRECONDITION, details: 'this cloud-manager has no cloud cache (CACHE_ENDPOINT is empty); set it to cloud-cache\'s FROM_CLOUD_MANAGER_PORT' });
          return;
        }
        relayToCache(call, first, cache, deps.log);
        return;
      }
      handleTransfer(call, deps, first);
      call.resume();
    });
  };
  server.addService(grpcServiceDefinition('ferry.dataplane.v1.ChunkReceiver'), {
    Transfer: route,
    TransferStripe: (call: Parameters<typeof handleStripe>[0], callback: Parameters<typeof handleStripe>[1]) => handleStripe(call, callback, deps.stripes),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${config.host}:${config.port}`, mutualTlsServer(tls), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  // Windows that cover the most a sender keeps in flight (its BDP window, at most 64 MiB): on a 40-80 ms
  // link 4 MiB windows capped a stream at 4 MiB per round trip. Memory stays bounded by the credits.
  widenServerWindows(server, STREAM_IN_FLIGHT_MAX_BYTES);
  if (serveLeanStripes(server, deps.stripes, deps.log) === 0) deps.log('lean stripes are off: this grpc-js has no http2Servers to take their upgrade on; senders fall back to TransferStripe');
  // Set before the first stream is read (bindAsync's callback ran just now). Host name and port name at
  // most one live replica, and the same one after a restart, which so takes its own sessions back at once.
  deps.lease = { holder: `${hostname()}:${port}`, ttlMs: leaseTtlMs };
  return {
    port,
    async close() {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 3000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await pool.close();
      cache?.close();
    },
  };
}
