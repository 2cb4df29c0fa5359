import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient, pause as sleep, unaryCall } from '@ferry/service-kit';
import { makeSourceRaw, makeTempDir, qemuCompare, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';
import { InterceptingCall, status as grpcStatus, type Client, type ClientReadableStream, type Interceptor } from '@grpc/grpc-js';
import { GrpcTransferControl } from './grpc-transfer-control';

jest.setTimeout(240_000);
const MiB = 1 << 20;
const pb = ferry.dataplane.v1;
type Status = ferry.dataplane.v1.TransferStatus;

describe('GrpcTransferControl follows copies on one WatchTransfers call of a real prem-manager', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let nats: NatsHandle;
  const started: ServiceHandle[] = [];
  let prem: ServiceHandle;
  let endpoints: { sourceEndpoint: string; targetEndpoint: string };
  /** Unary calls by method, as the client sent them. */
  const calls = new Map<string, number>();
  const counting: Interceptor = (options, nextCall) => {
    const method = options.method_definition.path.split('/').pop()!;
    calls.set(method, (calls.get(method) ?? 0) + 1);
    return new InterceptingCall(nextCall(options));
  };
  let client: Client;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-transfer-watch-'));
    await Promise.all([mkdir(join(dir, 'source')), mkdir(join(dir, 'target'))]);
    nats = await startNats();
    const common = { NATS_URL: nats.url, CA_DIR: join(dir, 'site-ca') };
    const esxi = await startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: join(dir, 'source') });
    started.push(esxi);
    const cloud = await startService('cloud-manager', { ...common, INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: join(dir, 'target'), STATE_DIR: join(dir, 'cloud-state') });
    started.push(cloud);
    prem = await startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') });
    started.push(prem);
    client = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(join(dir, 'site-ca'), 'test-appliance')), channel: { interceptors: [counting] } });
    endpoints = { sourceEndpoint: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, targetEndpoint: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}` };
  });
  afterAll(async () => {
    client?.close();
    await Promise.allSettled(started.map((s) => s.stop()));
    await nats?.stop();
    await cleanup?.();
  });

  /** A disk of random data, copied under a cap so that it runs for a few seconds. */
  async function startCopy(control: GrpcTransferControl, name: string, mib: number, capMiB: number) {
    const source = join(dir, 'source', `${name}.raw`);
    await makeSourceRaw(source, mib * MiB, [{ offset: 0, length: mib * MiB, kind: 'random' }]);
    const key = { migrationId: `mig-${name}`, diskId: 'disk-0', generation: 1 };
    await control.start({ ...key, ...endpoints, sourceLocator: `file:${source}`, targetPath: join(dir, 'target', `${name}.raw`), mode: pb.TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond: capMiB * MiB });
    return { key, source, target: join(dir, 'target', `${name}.raw`) };
  }

  /**
   * Polls status() every `pollMs` until the transfer ends; every status seen. `reconnecting`: UNAVAILABLE is
   * polled through, as the appliance's copy step does while prem-manager restarts.
   */
  async function follow(control: GrpcTransferControl, key: ferry.dataplane.v1.IGetTransferRequest, pollMs = 50, reconnecting = false): Promise<Status[]> {
    const seen: Status[] = [];
    for (;;) {
      const status = await control.status(key).catch((error: { code?: number }) => {
        if (reconnecting && error.code === grpcStatus.UNAVAILABLE) return undefined;
        throw error;
      });
      if (status === undefined) {
        await sleep(pollMs);
        continue;
      }
      seen.push(status);
      if (status.state !== pb.TransferState.TRANSFER_STATE_RUNNING) return seen;
      await sleep(pollMs);
    }
  }

  it('three copies polled every 50 ms: progress comes pushed, GetTransfer is asked only before the watch follows a copy and at its end', async () => {
    const control = new GrpcTransferControl(client, { watchMs: 200 });
    try {
      const copies = await Promise.all(['a', 'b', 'c'].map((name) => startCopy(control, name, 12, 4)));
      calls.clear();
      const seen = await Promise.all(copies.map((copy) => follow(control, copy.key)));
      const polls = seen.reduce((sum, list) => sum + list.length, 0);
      const unary = calls.get('GetTransfer') ?? 0;
      process.stdout.write(`3 copies: ${polls} status() calls, ${unary} GetTransfer calls, ${calls.get('WatchTransfers') ?? 0} WatchTransfers call(s)\n`);
      expect(polls).toBeGreaterThan(60); // ~3 s each at 4 MiB/s
      expect(calls.get('WatchTransfers')).toBe(1);
      // Before the first batch names a copy (at most one interval), and once at its end.
      expect(unary).toBeLessThanOrEqual(3 * 6);
      for (const [i, copy] of copies.entries()) {
        const last = seen[i]!.at(-1)!;
        expect(last.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);
        // The end state comes from GetTransfer itself: the same as asking again.
        expect(pb.TransferStatus.toObject(last)).toEqual(pb.TransferStatus.toObject(await unaryCall<unknown, Status>(client, 'GetTransfer', copy.key)));
        // Progress moved while it ran, as pushed: several distinct counts before the end.
        const progress = new Set(seen[i]!.slice(0, -1).map((s) => Number(s.chunksVerified)));
        expect(progress.size).toBeGreaterThanOrEqual(3);
        expect(await qemuCompare(copy.source, copy.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
      }
    } finally {
      control.close();
    }
  });

  it('WatchTransfers itself: a snapshot first, an empty batch every interval while nothing runs, and an interval out of bounds refused naming interval_ms', async () => {
    const watch = (client as unknown as { WatchTransfers(r: ferry.dataplane.v1.IWatchTransfersRequest): ClientReadableStream<ferry.dataplane.v1.TransferStatuses> }).WatchTransfers({ intervalMs: 50 });
    const batches: ferry.dataplane.v1.TransferStatuses[] = [];
    watch.on('data', (batch: ferry.dataplane.v1.TransferStatuses) => batches.push(batch));
    watch.on('error', () => undefined);
    await sleep(600);
    watch.cancel();
    expect(batches[0]!.snapshot).toBe(true);
    expect(batches.slice(1).every((b) => !b.snapshot && b.statuses.length === 0 && b.intervalMs === 50)).toBe(true);
    expect(batches.length).toBeGreaterThanOrEqual(6);

    const refused = (client as unknown as { WatchTransfers(r: ferry.dataplane.v1.IWatchTransfersRequest): ClientReadableStream<ferry.dataplane.v1.TransferStatuses> }).WatchTransfers({ intervalMs: 10 });
    refused.on('data', () => undefined);
    const error = await new Promise<{ code?: number; details?: string }>((resolve) => refused.on('error', resolve));
    expect(error).toMatchObject({ code: grpcStatus.INVALID_ARGUMENT, details: expect.stringMatching(/interval_ms: must be 0 \(500 ms\) or 50 to 60000 ms, got 10/) });
  });

  it('kill -9 of prem-manager: status() fails as GetTransfer fails, never a stale RUNNING; after the restart the watch follows the resumed copy again', async () => {
    const control = new GrpcTransferControl(client, { watchMs: 100 });
    try {
      const copy = await startCopy(control, 'killed', 24, 3);
      // Wait until the watch answers for it (no GetTransfer between two polls).
      for (let following = false; !following; ) {
        const before = calls.get('GetTransfer') ?? 0;
        await control.status(copy.key);
        following = (calls.get('GetTransfer') ?? 0) === before;
        await sleep(50);
      }
      await prem.kill9();
      await sleep(300);
      await expect(control.status(copy.key)).rejects.toMatchObject({ code: grpcStatus.UNAVAILABLE });
      await prem.restart();
      const seen = await follow(control, copy.key, 100, true);
      expect(seen.at(-1)!.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);
      expect(await qemuCompare(copy.source, copy.target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
      // A copy started after the restart is followed by the watch again: GetTransfer only until the watch
      // first pushes it, then never while it runs, once more for its end. How many polls come before the
      // watch follows it depends on the machine's load, so that is not bounded; what comes after is.
      const again = await startCopy(control, 'after-restart', 8, 4);
      const asked: boolean[] = [];
      let last: Status;
      do {
        const before = calls.get('GetTransfer') ?? 0;
        last = await control.status(again.key);
        asked.push((calls.get('GetTransfer') ?? 0) > before);
        await sleep(50);
      } while (last.state === pb.TransferState.TRANSFER_STATE_RUNNING);
      expect(last.state).toBe(pb.TransferState.TRANSFER_STATE_COMPLETED);
      const pushedFrom = asked.indexOf(false);
      expect(pushedFrom).toBeGreaterThanOrEqual(0);
      expect(asked.slice(pushedFrom, -1).every((call) => !call)).toBe(true);
      expect(asked.length - pushedFrom).toBeGreaterThanOrEqual(5);
    } finally {
      control.close();
    }
  });
});
