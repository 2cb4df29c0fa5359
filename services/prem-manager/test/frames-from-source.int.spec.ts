import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { issueLeaf, mutualTlsClient, newDataKey, SenderSession } from '@ferry/block-pipeline';
import { freePort, makeSourceRaw, qemuCompare } from '@ferry/testing';
import { SourceClient } from '../src/shipper/source-client';
import { SourceShipping } from '../src/shipper/source-shipping';
import { mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(240_000);
const MiB = 1 << 20;
const run = promisify(execFile);

/** The pids of the processes with an established TCP connection to `port` now, one entry per connection. */
async function clientPidsOf(port: number): Promise<number[]> {
  const { stdout } = await run('ss', ['-Htnp', 'state', 'established', `( dport = :${port} )`]);
  return [...stdout.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
}

/** prem-manager's session line for `diskId`. */
function sessionLine(plane: DataPlane, diskId: string): string {
  const line = plane.prem.log().split('\n').find((l) => l.includes(`session of ${diskId}:`));
  if (line === undefined) throw new Error(`no session line for ${diskId} in prem-manager's log`);
  return line;
}

describe('FRAMES_FROM_SOURCE=on (the default): the source sends its sealed frames to the receiver over stripes of its own', () => {
  let plane: DataPlane;
  beforeAll(async () => {
    plane = await startDataPlane({ premEnv: { TRANSFER_STRIPES: '4' }, cloudEnv: { STRIPES_PER_SESSION: '3' } });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it('carries a disk over prem-esxi-manager\'s own connections to the receiver, counted by prem-manager; the target equals its source', async () => {
    const size = 48 * MiB;
    const source = join(plane.sourceDir, 'shipped.raw');
    const target = join(plane.targetDir, 'shipped.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const id = { migrationId: 'mig-ship', diskId: 'disk-a', generation: 1 };
    const port = Number(plane.cloud.ports.INTERCONNECT_PORT);
    // Capped, so the copy lasts long enough to see its connections.
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond: 4 * MiB });
    const done = waitForTransfer(plane, id);
    let finished = false;
    void done.finally(() => (finished = true));
    let mostFromSource = 0;
    while (!finished) {
      const pids = await clientPidsOf(port);
      mostFromSource = Math.max(mostFromSource, pids.filter((pid) => pid === plane.esxi.pid).length);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const status = await done;
    expect(status.diskDigest.length).toBe(32); // the receiver confirmed the whole-disk digest
    expect(await qemuCompare(source, target, { b: 'raw' })).toMatchObject({ identical: true });
    // The receiver's 3 stripes, dialled by prem-esxi-manager itself.
    expect(mostFromSource).toBe(3);
    const line = sessionLine(plane, 'disk-a');
    expect(line).toContain('source stripes up');
    const perStripe = /frames over (\d+) stripes: ([\d/]+)/.exec(line);
    expect(perStripe?.[1]).toBe('3');
    const counts = (perStripe?.[2] ?? '').split('/').map(Number);
    expect(counts.every((n) => n > 0)).toBe(true);
    // Every data frame went over the source's stripes; the zero ranges prem-manager seals go on Transfer.
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(Number(status.framesSent));
    // prem-manager counted every frame from the source's reports: bytes, compression and the journal.
    expect(Number(status.bytesVerified) + Number(status.zeroBytes)).toBe(size);
    expect(Number(status.compressionSourceBytes)).toBe(Number(status.sourceBytesRead));
    expect(Number(status.chunksSent)).toBe(Number(status.framesSent));
    // The wire-rate cap still paces the frames, though another process sends them: all but its first
    // quarter second of burst goes at 4 MiB/s at most.
    const seconds = Number(/total ([\d.]+) s/.exec(line)?.[1]);
    expect(seconds).toBeGreaterThan(Number(status.wireBytes) / (4 * MiB) - 0.5);
  });

  it('a delta of changed chunks goes the same way and leaves the target equal to the changed source', async () => {
    const size = 32 * MiB;
    const source = join(plane.sourceDir, 'delta.raw');
    const target = join(plane.targetDir, 'delta.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const id = { migrationId: 'mig-ship-delta', diskId: 'disk-d', generation: 1 };
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL });
    await waitForTransfer(plane, id);
    // Change 40 chunks' worth (of 1 MiB) in place, then send only those.
    await run('dd', ['if=/dev/urandom', `of=${source}`, 'bs=1M', 'seek=4', 'count=20', 'conv=notrunc']);
    await run('dd', ['if=/dev/urandom', `of=${source}`, 'bs=1M', 'seek=10', 'count=20', 'conv=notrunc']);
    const changed = Array.from({ length: 26 }, (_, i) => 4 + i);
    await startTransfer(plane, { ...id, generation: 2, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_DELTA_CHANGED, changedChunks: changed });
    await waitForTransfer(plane, { ...id, generation: 2 });
    expect(await qemuCompare(source, target, { b: 'raw' })).toMatchObject({ identical: true });
    // Both generations' sessions took the source's stripes, not prem-manager's.
    const lines = plane.prem.log().split('\n').filter((l) => l.includes('session of disk-d:'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain('source stripes up');
    // The second session knew how many stripes this receiver takes: the source dialled them while the session opened.
    expect(lines[1]).toMatch(/stripes dialled [\d.]+ s, accepted/);
  });

  it('learns from a source that cannot reach the receiver that the session must send the frames itself', async () => {
    const size = 4 * MiB;
    const source = join(plane.sourceDir, 'unreachable.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const port = await freePort(); // nothing listens there
    const client = new SourceClient(plane.blockEndpoint, mutualTlsClient(await issueLeaf(join(plane.dir, 'site-ca'), 'prem-manager')));
    try {
      const sender = new SenderSession(newDataKey(), { migrationId: 'mig-ship-unreachable', diskId: 'disk-u', generation: 1 });
      const seal = { sessionKey: sender.key, ...sender.params, firstCounter: sender.reserveBlock(4) };
      const opened = await SourceShipping.open(client.shipChunks({ read: { locator: `file:${source}`, chunkSize: MiB, indexes: [0, 1, 2, 3], seal }, receiverEndpoint: `127.0.0.1:${port}`, stripes: 2 }));
      expect(opened).not.toBeInstanceOf(SourceShipping);
      expect((opened as { unavailable: string }).unavailable).toContain(`could not connect to the receiver at 127.0.0.1:${port}`);
      // The same when the stripes were dialled ahead and the read is named once the source answered.
      const ahead = await SourceShipping.open(client.shipChunks({ receiverEndpoint: `127.0.0.1:${port}`, stripes: 2 }), { read: { locator: `file:${source}`, chunkSize: MiB, indexes: [0, 1, 2, 3], seal }, stripes: 2 });
      expect(ahead).not.toBeInstanceOf(SourceShipping);
      expect((ahead as { unavailable: string }).unavailable).toContain(`could not connect to the receiver at 127.0.0.1:${port}`);
    } finally {
      client.close();
    }
  });
});

describe('a source that cannot reach the receiver: prem-manager sends that source\'s frames itself, over stripes of its own', () => {
  let plane: DataPlane;
  beforeAll(async () => {
    // prem-esxi-manager's gRPC dials go through a proxy that is down (nothing listens on its port), as on a
    // host whose only way out is a proxy that failed; prem-manager reaches the receiver directly.
    const proxyPort = await freePort();
    plane = await startDataPlane({ esxiEnv: { grpc_proxy: `http://127.0.0.1:${proxyPort}` }, premEnv: { TRANSFER_STRIPES: '4' }, cloudEnv: { STRIPES_PER_SESSION: '3' } });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it('the first session falls back and lands whole; the next one goes straight over prem-manager\'s stripes', async () => {
    const size = 24 * MiB;
    for (const diskId of ['disk-f1', 'disk-f2']) {
      const source = join(plane.sourceDir, `${diskId}.raw`);
      const target = join(plane.targetDir, `${diskId}.raw`);
      await makeSourceRaw(source, size, mixedRegions(size));
      const id = { migrationId: 'mig-fallback', diskId, generation: 1 };
      // Capped, so the session outlasts its stripes' dial: frames go on the Transfer stream until they join, and on a
      // fast machine an uncapped 24 MiB session could end before they did (it once carried all its frames there).
      await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond: 4 * MiB });
      const status = await waitForTransfer(plane, id);
      expect(await qemuCompare(source, target, { b: 'raw' })).toMatchObject({ identical: true });
      expect(Number(status.bytesVerified) + Number(status.zeroBytes)).toBe(size);
      const line = sessionLine(plane, diskId);
      expect(line).not.toContain('source stripes up');
      // prem-manager's own stripes (as many as the receiver allows) carried the data frames.
      const perStripe = /frames over (\d+) stripes: ([\d/]+)/.exec(line);
      expect(perStripe?.[1]).toBe('3');
      expect((perStripe?.[2] ?? '').split('/').map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
    // The source was asked once: the route stays off for this source and receiver after its answer.
    const fallbacks = plane.prem.log().split('\n').filter((l) => l.includes('its frames go through prem-manager from now on'));
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toContain('mig-fallback/disk-f1');
    expect(fallbacks[0]).toContain('the source could not connect to the receiver');
  });
});
