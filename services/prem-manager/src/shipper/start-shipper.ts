import { join } from 'node:path';
import { Server, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { ensureSiteKey, formatCompressionSetting, issueLeaf, mutualTlsClient, mutualTlsServer, toNumber, type CompressionSetting } from '@ferry/block-pipeline';
import { grpcStatusOf, NotFoundError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { extractGrpcMetadata, grpcServiceDefinition, inSpan, runInContext } from '@ferry/service-kit';
import { DemandService } from '../demand/demand-service';
import { transferCompression } from './compression-tally';
import { DataKeys } from './data-keys';
import { JobStore, type TransferJob } from './job-store';
import type { FlowWindowSetting } from './flow-window';
import { Shipper, type TransferWait } from './shipper';
import type { TallyCounts } from './transfer-tally';

const pb = ferry.dataplane.v1;

/** What the shipper needs from prem-manager's config. */
export interface ShipperConfig {
  host: string;
  /** Control RPC (ferry.dataplane.v1.Shipper), 5000 by default. */
  port: number;
  caDir: string;
  dataDir: string;
  maxParallel: number;
  /** Frames in flight per transfer stream (FLOW_WINDOW); default sized from the measured bandwidth-delay product. */
  flowWindow?: FlowWindowSetting;
  /** How sources compress the chunks (COMPRESSION_LEVEL); default level 1. */
  compression?: CompressionSetting;
  log?: (line: string) => void;
}

export interface ShipperHandle {
  readonly port: number;
  /** Demand lanes prem-manager has dialled and open now. */
  demandLanes(): number;
  close(): Promise<void>;
}

function toStatus(job: TransferJob & { framesSent?: number; chunksSent?: number } & Partial<TallyCounts> & Partial<TransferWait>): ferry.dataplane.v1.TransferStatus {
  const state = { running: pb.TransferState.TRANSFER_STATE_RUNNING, completed: pb.TransferState.TRANSFER_STATE_COMPLETED, failed: pb.TransferState.TRANSFER_STATE_FAILED, cancelled: pb.TransferState.TRANSFER_STATE_CANCELLED }[job.state];
  return pb.TransferStatus.create({
    migrationId: job.migrationId, diskId: job.diskId, generation: job.generation, state, chunksTotal: job.chunksTotal,
    framesSent: job.framesSent ?? 0, chunksSent: job.chunksSent ?? 0, wireBytes: job.wireBytes, sessions: job.sessions, error: job.error,
    diskDigest: Buffer.from(job.diskDigest, 'hex'), maxBytesPerSecond: job.maxBytesPerSecond ?? 0,
    waitingReason: job.waitingReason ?? '', spaceNeededBytes: job.spaceNeededBytes ?? 0,
    chunksVerified: job.chunksVerified ?? 0, bytesVerified: job.bytesVerified ?? 0, zeroChunks: job.zeroChunks ?? 0, zeroBytes: job.zeroBytes ?? 0,
    chunksUnchanged: job.chunksUnchanged ?? 0, bytesUnchanged: job.bytesUnchanged ?? 0, sourceBytesRead: job.sourceBytesRead ?? 0,
    verifiedOffset: job.verifiedOffset ?? 0, virtualSize: job.virtualSize ?? 0,
    ...compressionStatus(job),
  });
}

/** TransferStatus fields 30-35: how the transfer's data chunks were compressed (empty before its first session here). */
function compressionStatus(job: TransferJob): Partial<ferry.dataplane.v1.ITransferStatus> {
  const entry = transferCompression.peek(job);
  if (entry === undefined) return {};
  const { tally } = entry;
  return {
    compression: formatCompressionSetting(entry.setting), compressionLevel: tally.level ?? 0, chunksPerLevel: tally.levels(),
    compressionSourceBytes: tally.sourceBytes, compressionPayloadBytes: tally.payloadBytes, compressionRatio: tally.ratio,
  };
}

function reply<T>(callback: sendUnaryData<T>, work: Promise<T>): void {
  work.then(
    (value) => callback(null, value),
    (error: unknown) => callback({ code: grpcStatusOf(error), details: error instanceof Error ? error.message : String(error) }),
  );
}

/** Starts the shipper: resumes persisted transfers and serves the control RPC over mutual TLS. */
export async function startShipper(config: ShipperConfig): Promise<ShipperHandle> {
  const tls = await issueLeaf(config.caDir, 'prem-manager');
  const siteKey = await ensureSiteKey(config.caDir);
  const log = config.log ?? ((line: string) => process.stdout.write(`prem-manager shipper: ${line}\n`));
  const jobs = new JobStore(join(config.dataDir, 'transfers'));
  const keys = new DataKeys(join(config.dataDir, 'keys'), siteKey);
  const shipper = new Shipper(jobs, keys, mutualTlsClient(tls), config.maxParallel, log, config.flowWindow, config.compression);
  await shipper.resumeAll();
  const demand = await DemandService.start(join(config.dataDir, 'exposed'), keys, mutualTlsClient(tls), log);
  const server = new Server();
  server.addService(grpcServiceDefinition('ferry.dataplane.v1.Shipper'), {
    StartTransfer: (call: ServerUnaryCall<ferry.dataplane.v1.StartTransferRequest, unknown>, callback: sendUnaryData<ferry.dataplane.v1.TransferStatus>) => {
      const r = call.request;
      // In the caller's trace (the migration step that asked): the transfer's sessions become spans in it.
      const attributes = { 'rpc.system': 'grpc', 'rpc.method': 'StartTransfer', 'ferry.migration_id': r.migrationId, 'ferry.disk_id': r.diskId };
      reply(callback, runInContext(extractGrpcMetadata(call.metadata), () => inSpan('ferry.dataplane.v1.Shipper/StartTransfer', attributes, async () => {
        await shipper.start({
          migrationId: r.migrationId, diskId: r.diskId, generation: r.generation, sourceEndpoint: r.sourceEndpoint, sourceLocator: r.sourceLocator,
          targetEndpoint: r.targetEndpoint, targetPath: r.targetPath, targetFormat: r.targetFormat || 'raw', mode: r.mode, changedChunks: r.changedChunks, chunkSize: r.chunkSize, rehashSource: r.rehashSource,
          maxBytesPerSecond: toNumber(r.maxBytesPerSecond),
        });
        const status = await shipper.status(r.migrationId, r.diskId, r.generation);
        return toStatus(status!);
      })));
    },
    GetTransfer: (call: ServerUnaryCall<ferry.dataplane.v1.GetTransferRequest, unknown>, callback: sendUnaryData<ferry.dataplane.v1.TransferStatus>) => {
      const r = call.request;
      reply(callback, shipper.status(r.migrationId, r.diskId, r.generation).then((status) => {
        if (status === undefined) throw new NotFoundError(`no transfer of disk ${r.diskId} generation ${r.generation} in migration ${r.migrationId}; start it with StartTransfer`);
        return toStatus(status);
      }));
    },
    CancelTransfer: (call: ServerUnaryCall<ferry.dataplane.v1.GetTransferRequest, unknown>, callback: sendUnaryData<ferry.dataplane.v1.TransferStatus>) => {
      const r = call.request;
      reply(callback, shipper.cancel(r.migrationId, r.diskId, r.generation).then(toStatus));
    },
    ExposeDisk: (call: ServerUnaryCall<ferry.dataplane.v1.ExposeDiskRequest, unknown>, callback: sendUnaryData<ferry.dataplane.v1.ExposedDisk>) => {
      reply(callback, demand.expose(call.request));
    },
    ConcealDisk: (call: ServerUnaryCall<ferry.dataplane.v1.GetTransferRequest, unknown>, callback: sendUnaryData<ferry.dataplane.v1.ExposedDisk>) => {
      reply(callback, demand.conceal(call.request.migrationId, call.request.diskId));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${config.host}:${config.port}`, mutualTlsServer(tls), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    port,
    demandLanes: () => demand.connectedLanes(),
    async close() {
      await shipper.close();
      await demand.close();
      server.forceShutdown();
    },
  };
}
