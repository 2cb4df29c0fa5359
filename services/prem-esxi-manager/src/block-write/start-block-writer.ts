// The block writer on BLOCK_WRITE_PORT (32822): migrate back's writes into the prem source disks. It
// serves the same ferry.dataplane.v1.ChunkReceiver.Transfer stream as cloud-manager's receiver, over
// mutual TLS with the site CA: every chunk is authenticated and hash-checked before a byte is written,
// written in place into the disk's flat extent under SOURCE_ROOTS (never created or truncated), fsynced
// before it is acknowledged, and recorded in a persisted chunk map under STATE_DIR, so a resumed session
// after a crash is told what already landed. The disk's own chunk hashes are taken once, at the first
// session, so a hash-compare (TRANSFER_MODE_DELTA_HASHES) sender ships only the chunks that differ.
import { Server } from '@grpc/grpc-js';
import { DATA_PLANE_CHANNEL_OPTIONS, ensureSiteKey, issueLeaf, mutualTlsServer, OpenPool, widenServerWindows } from '@ferry/block-pipeline';
import { handleTransfer, type ReceiverDeps } from '@ferry/chunk-receiver';
import { grpcServiceDefinition } from '@ferry/service-kit';

export interface BlockWriterConfig {
  host: string;
  port: number;
  caDir: string;
  /** Directories whose disks may be written (the service's SOURCE_ROOTS). */
  sourceRoots: readonly string[];
  /** Chunk maps of the disks being written (made at the first session). */
  stateDir: string;
  /** Frames a sender may have in flight. Default 16. */
  window?: number;
  /** Frames written before one fsync and acknowledgement. Default 8. */
  commitBatch?: number;
  /** Worker threads that verify and write chunks. Default 1. */
  verifyThreads?: number;
  log?: (line: string) => void;
}

export interface BlockWriterHandle {
  readonly port: number;
  close(): Promise<void>;
}

export async function startBlockWriter(config: BlockWriterConfig): Promise<BlockWriterHandle> {
  const tls = await issueLeaf(config.caDir, 'prem-esxi-manager');
  const siteKey = await ensureSiteKey(config.caDir);
  const pool = new OpenPool(config.verifyThreads ?? 1);
  const deps: ReceiverDeps = {
    pool, siteKey, targetRoots: config.sourceRoots, targetRootSetting: 'SOURCE_ROOTS', existingTargets: true, stateRoot: config.stateDir,
    window: config.window ?? 16, commitBatch: config.commitBatch ?? 8, active: new Map(),
    log: config.log ?? ((line) => process.stdout.write(`prem-esxi-manager block writer: ${line}\n`)),
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
