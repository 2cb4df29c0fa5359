import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, unaryCall } from '@ferry/service-kit';
import { makeTempDir, startNats, startService, type NatsHandle, type ServiceHandle, type SourceRegion } from '@ferry/testing';

const MiB = 1 << 20;

/** A source layout with holes, random (incompressible) and text (compressible) runs. */
export function mixedRegions(size: number): SourceRegion[] {
  const regions: SourceRegion[] = [];
  for (let offset = 0, i = 0; offset < size; offset += 4 * MiB, i++) {
    if (i % 3 === 2) continue; // a hole every third 4 MiB
    regions.push({ offset: offset + 4096 * i, length: 3 * MiB - 12_345, kind: i % 2 === 0 ? 'random' : 'text' });
  }
  return regions;
}

/** The three data-plane services as real processes sharing one site CA, on free loopback ports. */
export interface DataPlane {
  dir: string;
  sourceDir: string;
  targetDir: string;
  nats: NatsHandle;
  esxi: ServiceHandle;
  prem: ServiceHandle;
  cloud: ServiceHandle;
  control: Client;
  blockEndpoint: string;
  interconnectEndpoint: string;
  /** Migrate back: cloud-manager's block source (cloud disks) and prem-esxi-manager's block writer (prem disks). */
  cloudBlockEndpoint: string;
  premWriteEndpoint: string;
  stop(): Promise<void>;
}

export async function startDataPlane(options: { creditWindow?: number; commitBatch?: number; esxiEnv?: Record<string, string>; premEnv?: Record<string, string>; cloudEnv?: Record<string, string> } = {}): Promise<DataPlane> {
  const { dir, cleanup } = await makeTempDir('ferry-dataplane-');
  const caDir = join(dir, 'site-ca');
  const sourceDir = join(dir, 'source');
  const targetDir = join(dir, 'target');
  await Promise.all([mkdir(sourceDir), mkdir(targetDir)]);
  const nats = await startNats();
  const common = { NATS_URL: nats.url, CA_DIR: caDir };
  const started: ServiceHandle[] = [];
  try {
    const esxi = await startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceDir, STATE_DIR: join(dir, 'esxi-state'), ...options.esxiEnv });
    started.push(esxi);
    const cloud = await startService('cloud-manager', {
      ...common, INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: targetDir, STATE_DIR: join(dir, 'cloud-state'),
      CREDIT_WINDOW: String(options.creditWindow ?? 32), COMMIT_BATCH: String(options.commitBatch ?? 8), ...options.cloudEnv,
    });
    started.push(cloud);
    // Every session stripes, however little it sends (STRIPE_MIN_MIB=0), so the tests' small disks cover stripes.
    const prem = await startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data'), STRIPE_MIN_MIB: '0', ...options.premEnv });
    started.push(prem);
    const tls = await issueLeaf(caDir, 'test-operator');
    const control = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(tls) });
    return {
      dir, sourceDir, targetDir, nats, esxi, prem, cloud, control,
      blockEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`,
      interconnectEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}`,
      cloudBlockEndpoint: `127.0.0.1:${cloud.ports.BLOCK_READ_PORT}`,
      premWriteEndpoint: `127.0.0.1:${esxi.ports.BLOCK_WRITE_PORT}`,
      async stop() {
        control.close();
        await Promise.allSettled(started.map((s) => s.stop()));
        await nats.stop();
        await cleanup();
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    await nats.stop();
    await cleanup();
    throw error;
  }
}

export type StartRequest = ferry.dataplane.v1.IStartTransferRequest;

export function startTransfer(plane: DataPlane, request: StartRequest): Promise<ferry.dataplane.v1.TransferStatus> {
  return unaryCall(plane.control, 'StartTransfer', { sourceEndpoint: plane.blockEndpoint, targetEndpoint: plane.interconnectEndpoint, ...request });
}

export async function getTransfer(plane: DataPlane, request: ferry.dataplane.v1.IGetTransferRequest): Promise<ferry.dataplane.v1.TransferStatus> {
  return unaryCall(plane.control, 'GetTransfer', request);
}

/** Polls GetTransfer until the transfer completes or fails; `during` runs between polls (e.g. a kill). */
export async function waitForTransfer(plane: DataPlane, request: ferry.dataplane.v1.IGetTransferRequest, timeoutMs = 120_000): Promise<ferry.dataplane.v1.TransferStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: ferry.dataplane.v1.TransferStatus | undefined;
  while (Date.now() < deadline) {
    try {
      last = await getTransfer(plane, request);
      if (last.state === ferry.dataplane.v1.TransferState.TRANSFER_STATE_COMPLETED) return last;
      if (last.state === ferry.dataplane.v1.TransferState.TRANSFER_STATE_FAILED) throw new Error(`transfer failed: ${last.error}`);
    } catch (error) {
      if ((error as Error).message.startsWith('transfer failed')) throw error;
      // prem-manager may be restarting; poll again
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`transfer not completed in ${timeoutMs} ms; last status ${JSON.stringify(last)}\n${plane.prem.log().slice(-3000)}\n${plane.cloud.log().slice(-3000)}`);
}

export const TransferMode = ferry.dataplane.v1.TransferMode;
