import { Server, type ChannelCredentials, type ServerCredentials } from '@grpc/grpc-js';
import { DATA_PLANE_CHANNEL_OPTIONS, widenServerWindows } from '@ferry/block-pipeline';
import { LaneDialer, LanePool } from '@ferry/demand-lane';
import { grpcServiceDefinition } from '@ferry/service-kit';

/** What the relay needs from cloud-manager's config. */
export interface DemandRelayConfig {
  host: string;
  /** Where prem-manager dials its demand lane (INTERCONNECT_ALT_PORT, 7000). */
  port: number;
  serverCredentials: ServerCredentials;
  /** cloud-cache's FROM_CLOUD_MANAGER_PORT (host:port); cloud-manager dials it. Empty: no cache (cold only). */
  cacheEndpoint: string;
  clientCredentials: ChannelCredentials;
  log(line: string): void;
}

/** A running relay. */
export interface DemandRelay {
  readonly port: number;
  /** Prem lanes open now. */
  premLanes(): number;
  close(): Promise<void>;
}

/** Counts for /metrics. */
export const relayMetrics = { requests: 0, chunks: 0, failures: 0 };

/**
 * cloud-manager's part in demand reads: it listens for prem-manager's lanes on the interconnect's
 * alternate port (prem dials cloud, as the firewall allows) and dials cloud-cache's lane itself;
 * every request the cache sends is passed to the least busy prem lane and the sealed chunks come back
 * as they are. cloud-manager cannot read them (it never sees a session key); the cache verifies.
 */
export async function startDemandRelay(config: DemandRelayConfig): Promise<DemandRelay> {
  const prem = new LanePool('prem-manager');
  const server = new Server(DATA_PLANE_CHANNEL_OPTIONS);
  server.addService(grpcServiceDefinition('ferry.dataplane.v1.DemandLane'), {
    Serve: (call: Parameters<LanePool['adopt']>[0]) => {
      const lane = prem.adopt(call);
      void lane.closed.then(() => config.log(`demand lane from ${lane.peer} closed`));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${config.host}:${config.port}`, config.serverCredentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  widenServerWindows(server);
  const toCache = config.cacheEndpoint === '' ? undefined : new LaneDialer({
    endpoint: config.cacheEndpoint,
    credentials: config.clientCredentials,
    peer: 'cloud-manager',
    // Read-ahead is ranked by the cache's own gate and again at prem; here every request passes at once.
    concurrency: 64,
    log: config.log,
    answer: async (request, send) => {
      relayMetrics.requests++;
      const pending: Array<Promise<void>> = [];
      try {
        const lane = await prem.pick();
        await lane.ask(request, (chunk) => {
          relayMetrics.chunks++;
          pending.push(send(chunk));
        });
        await Promise.all(pending);
      } catch (error) {
        relayMetrics.failures++;
        throw error;
      }
    },
  }).start();
  return {
    port,
    premLanes: () => prem.size,
    async close() {
      await toCache?.close();
      prem.close();
      server.forceShutdown();
    },
  };
}
