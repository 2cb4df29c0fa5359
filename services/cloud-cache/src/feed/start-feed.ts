import { Server } from '@grpc/grpc-js';
import { DATA_PLANE_CHANNEL_OPTIONS, ensureSiteKey, issueLeaf, mutualTlsServer, widenServerWindows } from '@ferry/block-pipeline';
import { DemandVerifier, LanePool } from '@ferry/demand-lane';
import { grpcServiceDefinition } from '@ferry/service-kit';
import type { CacheVolume } from '../cache/cache-volume';
import type { RemoteFetcherFactory } from '../cache/remote-source';
import { handleCacheTransfer } from './cache-receiver';
import { remoteFetcherFactory } from './remote-fetcher';

/** What the feed needs from cloud-cache's config. */
export interface FeedConfig {
  host: string;
  /** FROM_CLOUD_MANAGER_PORT (5000 by default). */
  port: number;
  /** Site CA and site key, shared with the data-plane services. */
  caDir: string;
  volumeOf(key: string): CacheVolume | undefined;
  window?: number;
  commitBatch?: number;
  readAhead?: number;
  log(line: string): void;
}

/** The running feed: the fetcher factory volumes use, and the port cloud-manager dials. */
export interface Feed {
  readonly port: number;
  readonly fetchers: RemoteFetcherFactory;
  /** Lanes cloud-manager has open now. */
  lanes(): number;
  close(): Promise<void>;
}

/**
 * cloud-cache's side of the cloud hop (FROM_CLOUD_MANAGER_PORT, mutual TLS with the site CA):
 * cloud-manager dials in and keeps a demand lane open, down which this cache sends its misses; and
 * hydration streams (ChunkReceiver.Transfer with a cache volume target) arrive here relayed by it.
 */
export async function startFeed(config: FeedConfig): Promise<Feed> {
  const tls = await issueLeaf(config.caDir, 'cloud-cache');
  const siteKey = await ensureSiteKey(config.caDir);
  const lanes = new LanePool('cloud-manager');
  const server = new Server(DATA_PLANE_CHANNEL_OPTIONS);
  server.addService(grpcServiceDefinition('ferry.dataplane.v1.DemandLane'), {
    Serve: (call: Parameters<LanePool['adopt']>[0]) => {
      const lane = lanes.adopt(call);
      void lane.closed.then(() => config.log(`demand lane from ${lane.peer} closed`));
    },
  });
  server.addService(grpcServiceDefinition('ferry.dataplane.v1.ChunkReceiver'), {
    Transfer: (call: Parameters<typeof handleCacheTransfer>[0]) =>
      handleCacheTransfer(call, { siteKey, volumeOf: config.volumeOf, window: config.window ?? 16, commitBatch: config.commitBatch ?? 4, yieldMaxMs: 200, log: config.log }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${config.host}:${config.port}`, mutualTlsServer(tls), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  widenServerWindows(server);
  return {
    port,
    fetchers: remoteFetcherFactory({ lanes, verifier: new DemandVerifier(siteKey), readAhead: config.readAhead, log: config.log }),
    lanes: () => lanes.size,
    async close() {
      lanes.close();
      server.forceShutdown();
    },
  };
}
