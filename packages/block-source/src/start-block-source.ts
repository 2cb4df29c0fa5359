import { Server } from '@grpc/grpc-js';
import { allowLeanUpgrades, DATA_PLANE_CHANNEL_OPTIONS, encodeSourceChunkScratch, issueLeaf, LEAN_SHIP, mutualTlsClient, mutualTlsServer, PreparePool, serveLeanUpgrades, widenServerWindows, type EncodedSourceChunk, type SourceChunkFields } from '@ferry/block-pipeline';
import type { BlockSource } from '@ferry/block-pipeline';
import { grpcServiceDefinition } from '@ferry/service-kit';
import { VsphereClient } from '@ferry/vsphere';
import { blockSourceHandlers } from './block-source.server';
import { SourceRegistry } from './source-registry';
import { LeanShipCall } from './lean-ship-call';

/** What the block source needs from the service's config. */
export interface BlockSourceConfig {
  host: string;
  port: number;
  /** Site CA directory (created on first start). */
  caDir: string;
  /** The serving service's name in its TLS leaf certificate. Default prem-esxi-manager. */
  leafName?: string;
  /** Directories source disks may be read from. */
  sourceRoots: readonly string[];
  /** Worker threads hashing (HashChunks) and sealing (sealed ReadChunks) chunks (default 2; 0 = inline). */
  hashThreads?: number;
  /** The vCenter whose datastores `datastore:` locators name (HTTPS /folder with Range). */
  vcenter?: { url: string; username: string; password: string; thumbprint?: string; insecure?: boolean };
  /** Further locator schemes the serving service opens itself, by prefix (e.g. cloud-cache's "cache:"). */
  openers?: Readonly<Record<string, (locator: string) => Promise<BlockSource>>>;
}

/** A running block read server. */
export interface BlockSourceHandle {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves ferry.dataplane.v1.BlockSource over mutual TLS on `port` (32821 by default). */
export async function startBlockSource(config: BlockSourceConfig): Promise<BlockSourceHandle> {
  const tls = await issueLeaf(config.caDir, config.leafName ?? 'prem-esxi-manager');
  const vc = config.vcenter;
  let client: Promise<VsphereClient> | undefined;
  const connect = vc === undefined ? undefined : () => (client ??= VsphereClient.connect({ url: vc.url, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint, insecure: vc.insecure } }));
  const registry = new SourceRegistry(config.sourceRoots, connect, config.openers);
  const server = new Server(DATA_PLANE_CHANNEL_OPTIONS);
  // One pool for both: two more threads only cost memory on a two-core appliance.
  const prepares = new PreparePool(config.hashThreads ?? 2);
  const generic = grpcServiceDefinition('ferry.dataplane.v1.BlockSource');
  // Chunks are encoded straight into gRPC's frame (one payload copy instead of three).
  const definition = { ...generic, ReadChunks: { ...generic.ReadChunks!, responseSerialize: (chunk: unknown) => encodeSourceChunkScratch(chunk as SourceChunkFields | EncodedSourceChunk) } };
  // Its own leaf also dials the receivers it ships frames to (ShipChunks).
  const log = (line: string): void => void process.stdout.write(`prem-esxi-manager ship-chunks: ${line}\n`);
  const handlers = blockSourceHandlers(registry, prepares, { credentials: mutualTlsClient(tls), tls, log });
  server.addService(definition, handlers);
  // ShipChunks also goes lean: an HTTP/1.1 Upgrade to ferry-ship/1 on this port (block_source.proto).
  allowLeanUpgrades(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${config.host}:${config.port}`, mutualTlsServer(tls), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  widenServerWindows(server);
  if (serveLeanUpgrades(server, [{ ...LEAN_SHIP, take: (socket, head) => handlers.ShipChunks(new LeanShipCall(socket, head) as never) }], log) === 0) log('lean ShipChunks is off: this grpc-js has no http2Servers to take the upgrade on; callers fall back to gRPC');
  return {
    port,
    async close() {
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      await registry.close();
      await prepares.close();
      await client?.then((c) => c.logout()).catch(() => undefined);
    },
  };
}
