import { mkdir } from 'node:fs/promises';
import { Server } from '@grpc/grpc-js';
import { DATA_PLANE_CHANNEL_OPTIONS, ensureSiteKey, issueLeaf, mutualTlsServer, OpenPool, widenServerWindows } from '@ferry/block-pipeline';
import { grpcServiceDefinition } from '@ferry/service-kit';
import { handleTransfer, type ReceiverDeps } from './receiver-stream';

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
  log?: (line: string) => void;
}

/** A running chunk receiver. */
export interface ReceiverHandle {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves ferry.dataplane.v1.ChunkReceiver over mutual TLS (port 6000 by default). */
export async function startReceiver(config: ReceiverConfig): Promise<ReceiverHandle> {
  const tls = await issueLeaf(config.caDir, 'cloud-manager');
  const siteKey = await ensureSiteKey(config.caDir);
  await mkdir(config.stateDir, { recursive: true });
  const pool = new OpenPool(config.verifyThreads ?? 2);
  const deps: ReceiverDeps = {
    pool, siteKey, targetRoot: config.targetRoot, stateRoot: config.stateDir, window: config.window, commitBatch: config.commitBatch, active: new Map(),
    log: config.log ?? ((line) => process.stdout.write(`cloud-manager receiver: ${line}\n`)),
  };
  const server = new Server(DATA_PLANE_CHANNEL_OPTIONS);
  server.addService(grpcServiceDefinition('ferry.dataplane.v1.ChunkReceiver'), { Transfer: (call: Parameters<typeof handleTransfer>[0]) => handleTransfer(call, deps) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${config.host}:${config.port}`, mutualTlsServer(tls), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  widenServerWindows(server);
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
    },
  };
}
