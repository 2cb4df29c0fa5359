import { join } from 'node:path';
import { Server, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import { ensureSiteKey, issueLeaf, mutualTlsClient, mutualTlsServer, type CompressionSetting } from '@ferry/block-pipeline';
import { grpcStatusOf, NotFoundError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { extractGrpcMetadata, grpcServiceDefinition, inSpan, runInContext } from '@ferry/service-kit';
import type { TransferQueue } from '@ferry/transfer-queue';
import { DemandService } from '../demand/demand-service';
import { TransferWorker } from '../queue/transfer-worker';
import { DataKeys } from './data-keys';
import { JobStore } from './job-store';
import type { FlowWindowSetting } from './flow-window';
import { Shipper } from './shipper';
import { transferRequestOf } from './transfer-request';
import { toStatus } from './transfer-status';
import { watchTransfers } from './transfer-watch';

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
  /** Extra connections each session spreads its frames over (TRANSFER_STRIPES); default 0. */
  stripes?: number;
  /** Source bytes a session must have to send before it adds stripes (STRIPE_MIN_MIB); default 0. */
  stripeMinBytes?: number;
  /** A striped session's source sends its frames to the receiver itself (FRAMES_FROM_SOURCE); default false. */
  framesFromSource?: boolean;
  /** Stripes and ShipChunks go as lean streams (LEAN_STREAMS); default true. */
  leanStreams?: boolean;
  log?: (line: string) => void;
  /** The transfer queue (FERRY_TRANSFERS) this replica takes jobs from, next to the control RPC; none: the RPC only. */
  queue?: { open: () => Promise<TransferQueue>; owner: string };
}

export interface ShipperHandle {
  readonly port: number;
  /** Demand lanes prem-manager has dialled and open now. */
  demandLanes(): number;
  close(): Promise<void>;
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
  const tuning = { flowWindow: config.flowWindow, compression: config.compression, stripes: config.stripes, stripeMinBytes: config.stripeMinBytes, framesFromSource: config.framesFromSource, leanStreams: config.leanStreams };
  const shipper = new Shipper(jobs, keys, { credentials: mutualTlsClient(tls), tls }, config.maxParallel, log, tuning);
  await shipper.resumeAll();
  // Queued jobs run in a shipper of their own that never resumes from local disk: after a restart the
  // queue hands them out again, to this replica or another.
  const queued = new Shipper(new JobStore(join(config.dataDir, 'queued-transfers')), keys, { credentials: mutualTlsClient(tls), tls }, config.maxParallel, log, tuning);
  const worker = config.queue
    ? new TransferWorker({ openQueue: config.queue.open, shipper: queued, jobsDir: join(config.dataDir, 'queued-transfers'), owner: config.queue.owner, maxParallel: config.maxParallel, log })
    : undefined;
  worker?.start();
  const demand = await DemandService.start(join(config.dataDir, 'exposed'), keys, mutualTlsClient(tls), log);
  const server = new Server();
  server.addService(grpcServiceDefinition('ferry.dataplane.v1.Shipper'), {
    StartTransfer: (call: ServerUnaryCall<ferry.dataplane.v1.StartTransferRequest, unknown>, callback: sendUnaryData<ferry.dataplane.v1.TransferStatus>) => {
      const r = call.request;
      // In the caller's trace (the migration step that asked): the transfer's sessions become spans in it.
      const attributes = { 'rpc.system': 'grpc', 'rpc.method': 'StartTransfer', 'ferry.migration_id': r.migrationId, 'ferry.disk_id': r.diskId };
      reply(callback, runInContext(extractGrpcMetadata(call.metadata), () => inSpan('ferry.dataplane.v1.Shipper/StartTransfer', attributes, async () => {
        await shipper.start(transferRequestOf(r));
        const status = await shipper.status(r.migrationId, r.diskId, r.generation);
        return toStatus(status!);
      })));
    },
    GetTransfer: (call: ServerUnaryCall<ferry.dataplane.v1.GetTransferRequest, unknown>, callback: sendUnaryData<ferry.dataplane.v1.TransferStatus>) => {
      const r = call.request;
      reply(callback, shipper.status(r.migrationId, r.diskId, r.generation).then(async (status) => {
        if (status !== undefined) return toStatus(status);
        // A queued transfer, run here or by another replica: as its status record says.
        const queued = await worker?.reported(r.migrationId, r.diskId, r.generation);
        if (queued === undefined) throw new NotFoundError(`no transfer of disk ${r.diskId} generation ${r.generation} in migration ${r.migrationId}; start it with StartTransfer`);
        return queued;
      }));
    },
    WatchTransfers: (call: ServerWritableStream<ferry.dataplane.v1.WatchTransfersRequest, ferry.dataplane.v1.TransferStatuses>) => watchTransfers(call, shipper),
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
      await worker?.stop();
      await queued.close();
      await shipper.close();
      await demand.close();
      server.forceShutdown();
    },
  };
}
