// npm run bench:transfer-status — what following copies costs prem-manager. BENCH_STATUS_TRANSFERS (100)
// transfers run at once; prem-manager copies MAX_PARALLEL_DISKS (4, its default) of them, each under the
// lowest cap (1 MiB/s), and the rest wait for a slot, as a large plan's disks do. Then, in one run, windows of
// BENCH_STATUS_SECONDS (20) each, twice over:
//   - polled: a GetTransfer per transfer every 500 ms (the appliance's COPY_POLL_MS), as the appliance
//     followed copies before WatchTransfers;
//   - watched: one WatchTransfers call at the same interval, as the appliance follows them now;
//   - alone: nobody asks (what the copies cost prem-manager by themselves).
// It prints prem-manager's CPU per second of each window (cores), the calls and batches, then a JSON line.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, pause as sleep, unaryCall } from '@ferry/service-kit';
import { makeSourceRaw, startNats, startService, type ServiceHandle } from '@ferry/testing';
import type { ClientReadableStream } from '@grpc/grpc-js';
import { countersOf } from './transfer/service-counters';

const pb = ferry.dataplane.v1;
const MiB = 2 ** 20;
const TRANSFERS = Number(process.env.BENCH_STATUS_TRANSFERS ?? 100);
const PARALLEL = Number(process.env.BENCH_STATUS_PARALLEL ?? 4);
const SECONDS = Number(process.env.BENCH_STATUS_SECONDS ?? 20);
const INTERVAL_MS = 500;
const say = (line: string) => process.stderr.write(`bench:transfer-status: ${line}\n`);

async function main(): Promise<void> {
  if (!(TRANSFERS >= 1 && PARALLEL >= 1 && SECONDS >= 1)) throw new Error('BENCH_STATUS_TRANSFERS, BENCH_STATUS_PARALLEL and BENCH_STATUS_SECONDS must be positive numbers');
  const work = await mkdtemp(join(tmpdir(), 'ferry-bench-status-'));
  const stops: Array<() => Promise<void> | void> = [];
  try {
    await Promise.all([mkdir(join(work, 'source')), mkdir(join(work, 'target'))]);
    const nats = await startNats();
    stops.push(() => nats.stop());
    const common = { NATS_URL: nats.url, CA_DIR: join(work, 'site-ca') };
    const services: Record<string, ServiceHandle> = {};
    services.esxi = await startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: join(work, 'source') });
    stops.push(async () => void (await services.esxi!.stop()));
    services.cloud = await startService('cloud-manager', { ...common, INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: join(work, 'target'), STATE_DIR: join(work, 'cloud-state') });
    stops.push(async () => void (await services.cloud!.stop()));
    const prem = await startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(work, 'prem-data'), MAX_PARALLEL_DISKS: String(PARALLEL) });
    stops.push(async () => void (await prem.stop()));
    const client = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(join(work, 'site-ca'), 'bench')) });
    stops.push(() => client.close());

    // One source of random data, long enough that the copies under the cap outlast every window.
    /** The windows, in the order they run: each way twice, the second time in reverse. */
    const order = ['polled', 'watched', 'alone', 'alone', 'watched', 'polled'] as const;
    const sourceMib = Math.ceil(SECONDS * order.length * 1.2) + 16;
    const source = join(work, 'source', 'disk.raw');
    await makeSourceRaw(source, sourceMib * MiB, [{ offset: 0, length: sourceMib * MiB, kind: 'random' }]);
    const keys = Array.from({ length: TRANSFERS }, (_, i) => ({ migrationId: `bench-status-${i}`, diskId: 'disk-0', generation: 1 }));
    for (const [i, key] of keys.entries()) {
      await unaryCall(client, 'StartTransfer', {
        ...key, sourceEndpoint: `127.0.0.1:${services.esxi.ports.BLOCK_READ_PORT}`, sourceLocator: `file:${source}`,
        targetEndpoint: `127.0.0.1:${services.cloud.ports.INTERCONNECT_PORT}`, targetPath: join(work, 'target', `disk-${i}.raw`),
        mode: pb.TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond: MiB,
      });
    }
    say(`${TRANSFERS} transfers started, ${PARALLEL} copying at 1 MiB/s each, the others waiting for a slot; ${sourceMib} MiB source; load ${loadavg()[0]!.toFixed(2)}`);
    await sleep(3000); // the first sessions open

    /** prem-manager's CPU-seconds per second while `follow` runs for SECONDS. */
    const window = async (follow: (until: number) => Promise<number>): Promise<{ cores: number; calls: number }> => {
      const before = (await countersOf({ prem })).prem!;
      const startedAt = Date.now();
      const calls = await follow(startedAt + SECONDS * 1000);
      const after = (await countersOf({ prem })).prem!;
      const seconds = (Date.now() - startedAt) / 1000;
      return { cores: (after.user - before.user + after.sys - before.sys) / seconds, calls };
    };
    const polled = async (until: number): Promise<number> => {
      let calls = 0;
      while (Date.now() < until) {
        const tick = Date.now();
        await Promise.all(keys.map(async (key) => {
          const status = await unaryCall<unknown, ferry.dataplane.v1.TransferStatus>(client, 'GetTransfer', key);
          if (status.state !== pb.TransferState.TRANSFER_STATE_RUNNING) throw new Error(`transfer ${key.migrationId} is no longer running (${status.error}); make the source larger`);
          calls++;
        }));
        await sleep(Math.max(0, INTERVAL_MS - (Date.now() - tick)));
      }
      return calls;
    };
    const watched = async (until: number): Promise<number> => {
      const call = (client as unknown as { WatchTransfers(r: ferry.dataplane.v1.IWatchTransfersRequest): ClientReadableStream<ferry.dataplane.v1.TransferStatuses> }).WatchTransfers({ intervalMs: INTERVAL_MS });
      let batches = 0;
      let followed = 0;
      call.on('data', (batch: ferry.dataplane.v1.TransferStatuses) => {
        batches++;
        if (batch.snapshot) followed = batch.statuses.length;
      });
      call.on('error', () => undefined);
      await sleep(until - Date.now());
      call.cancel();
      if (followed !== TRANSFERS) throw new Error(`WatchTransfers' snapshot named ${followed} of the ${TRANSFERS} running transfers`);
      return batches;
    };
    const alone = async (until: number): Promise<number> => {
      await sleep(until - Date.now());
      return 0;
    };
    const runs: Record<'polled' | 'watched' | 'alone', Array<{ cores: number; calls: number }>> = { polled: [], watched: [], alone: [] };
    for (const name of order) {
      await sleep(1000); // the last window's calls settle
      const result = await window({ polled, watched, alone }[name]);
      runs[name].push(result);
      say(`${name}: prem-manager ${result.cores.toFixed(3)} cores over ${SECONDS} s${name === 'polled' ? `, ${result.calls} GetTransfer calls` : name === 'watched' ? `, ${result.calls} batches` : ''}`);
    }
    const mean = (list: Array<{ cores: number }>) => list.reduce((sum, r) => sum + r.cores, 0) / list.length;
    const figures = { polled: mean(runs.polled), watched: mean(runs.watched), alone: mean(runs.alone) };
    const perCallMs = (figures.polled - figures.alone) / (TRANSFERS * (1000 / INTERVAL_MS)) * 1000;
    process.stdout.write(`\n| following ${TRANSFERS} transfers every ${INTERVAL_MS} ms | prem-manager, cores | above the copies alone |\n|---|---|---|\n`);
    for (const name of ['polled', 'watched', 'alone'] as const) process.stdout.write(`| ${name} | ${figures[name].toFixed(3)} | ${(figures[name] - figures.alone).toFixed(3)} |\n`);
    process.stdout.write(`GetTransfer: ${perCallMs.toFixed(2)} ms of prem-manager CPU per call; WatchTransfers costs ${((figures.watched - figures.alone) / Math.max(1e-9, figures.polled - figures.alone) * 100).toFixed(1)}% of polling above the copies alone\n`);
    process.stdout.write(`${JSON.stringify({ transfers: TRANSFERS, parallel: PARALLEL, window_s: SECONDS, interval_ms: INTERVAL_MS, prem_manager_cores: figures, get_transfer_cpu_ms: Number(perCallMs.toFixed(3)), load: Number(loadavg()[0]!.toFixed(2)) })}\n`);
  } finally {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:transfer-status failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
