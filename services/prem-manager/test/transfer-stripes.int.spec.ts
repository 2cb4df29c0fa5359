import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client, ClientWritableStream, ServiceError } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { grpcClient } from '@ferry/service-kit';
import { makeSourceRaw, qemuCompare } from '@ferry/testing';
import { mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(240_000);
const MiB = 1 << 20;
const run = promisify(execFile);

/** Established TCP connections the receiver accepted on `port` now. */
async function connectionsTo(port: number): Promise<number> {
  const { stdout } = await run('ss', ['-Htn', 'state', 'established', `( sport = :${port} )`]);
  return stdout.split('\n').filter((line) => line.trim() !== '').length;
}

/** The session lines prem-manager logged for `diskId`: how its frames travelled. */
function framesLine(plane: DataPlane, diskId: string): string {
  const line = plane.prem.log().split('\n').find((l) => l.includes(`session of ${diskId}:`));
  if (line === undefined) throw new Error(`no session line for ${diskId} in prem-manager's log`);
  return line;
}

describe('a session spreads its chunk frames over stripes of prem-manager\'s own (connections of their own; FRAMES_FROM_SOURCE=off)', () => {
  let plane: DataPlane;
  beforeAll(async () => {
    plane = await startDataPlane({ premEnv: { TRANSFER_STRIPES: '4', STRIPE_MIN_MIB: '24', FRAMES_FROM_SOURCE: 'off' }, cloudEnv: { STRIPES_PER_SESSION: '3' } });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  /** A capped full copy (long enough to count its connections): its status and the most connections it added to the receiver. */
  async function copyCountingConnections(name: string, size: number): Promise<{ status: Awaited<ReturnType<typeof waitForTransfer>>; added: number; source: string; target: string }> {
    const source = join(plane.sourceDir, `${name}.raw`);
    const target = join(plane.targetDir, `${name}.raw`);
    await makeSourceRaw(source, size, mixedRegions(size));
    const id = { migrationId: 'mig-stripes', diskId: name, generation: 1 };
    const port = Number(plane.cloud.ports.INTERCONNECT_PORT);
    const before = await connectionsTo(port);
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond: 8 * MiB });
    let most = 0;
    const done = waitForTransfer(plane, id);
    let finished = false;
    void done.finally(() => (finished = true));
    while (!finished) {
      most = Math.max(most, await connectionsTo(port));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { status: await done, added: most - before, source, target };
  }

  it('carries a disk over as many stripes as the receiver allows, each dialled on its own TCP connection; the target equals its source', async () => {
    const { status, added, source, target } = await copyCountingConnections('disk-s', 48 * MiB);
    expect(status.diskDigest.length).toBe(32); // completed: the receiver confirmed the whole-disk digest
    expect(await qemuCompare(source, target, { b: 'raw' })).toMatchObject({ identical: true });
    // The Transfer stream's connection and the receiver's STRIPES_PER_SESSION, 3, of the sender's 4 stripes;
    // frames go on Transfer until they joined.
    expect(added).toBe(4);
    const perStripe = /frames over (\d+) stripes: ([\d/]+)(?: \((\d+) on the Transfer stream before they joined\))?/.exec(framesLine(plane, 'disk-s'));
    expect(perStripe?.[1]).toBe('3');
    const counts = (perStripe?.[2] ?? '').split('/').map(Number);
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0) + Number(perStripe?.[3] ?? 0)).toBe(Number(status.framesSent));

  });

  it('the next session to that receiver dials its stripes while the session opens, no more than the receiver allowed', async () => {
    const { status, added, source, target } = await copyCountingConnections('disk-u', 48 * MiB);
    expect(status.diskDigest.length).toBe(32);
    expect(await qemuCompare(source, target, { b: 'raw' })).toMatchObject({ identical: true });
    expect(added).toBe(3); // the 3 stripes the receiver allowed last time, not the sender's 4 (Transfer's connection is kept)
    const milestones = (line: string): string[] => [...(/; at (.*)$/.exec(line)?.[1] ?? '').matchAll(/([a-z ]+) [\d.]+ s/g)].map((m) => m[1]!.trim());
    // The first session to the receiver learnt how many it takes at SessionAccepted; this one dialled them before.
    expect(milestones(framesLine(plane, 'disk-s'))).not.toContain('stripes dialled');
    const order = milestones(framesLine(plane, 'disk-u'));
    expect(order.indexOf('stripes dialled')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('stripes dialled')).toBeLessThan(order.indexOf('accepted'));
    expect(order).toEqual(expect.arrayContaining(['first frame out', 'stripes joined', 'last frame out', 'digest confirmed']));
  });

  it('a session with less than STRIPE_MIN_MIB to send stays on its Transfer connection, dialling no stripe', async () => {
    const { status, added, source, target } = await copyCountingConnections('disk-t', 24 * MiB);
    expect(status.diskDigest.length).toBe(32);
    expect(await qemuCompare(source, target, { b: 'raw' })).toMatchObject({ identical: true });
    expect(added).toBe(0); // the Transfer connection of the session before is kept
    expect(framesLine(plane, 'disk-t')).toContain('frames on the Transfer stream');
  });

  it('refuses a stripe that names no open session, naming the fix', async () => {
    const tls = await issueLeaf(join(plane.dir, 'site-ca'), 'prem-manager');
    const receiver = grpcClient<Client & { TransferStripe(cb: (e: ServiceError | null) => void): ClientWritableStream<unknown> }>('ferry.dataplane.v1.ChunkReceiver', plane.interconnectEndpoint, { credentials: mutualTlsClient(tls) });
    try {
      const error = await new Promise<ServiceError | null>((resolve) => {
        const call = receiver.TransferStripe(resolve);
        call.write({ stripe: { sessionId: Buffer.alloc(16, 7), stripe: 1 } });
        call.end();
      });
      expect(error?.code).toBe(5); // NOT_FOUND
      expect(error?.details).toMatch(/stripe 1 of session 0707.*no session open on this receiver.*open it on Transfer first/);
    } finally {
      receiver.close();
    }
  });
  it('refuses a stripe whose ticket is missing or not its session\'s (PERMISSION_DENIED), and the session it named lands whole', async () => {
    const size = 32 * MiB;
    const source = join(plane.sourceDir, 'ticket.raw');
    const target = join(plane.targetDir, 'ticket.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const id = { migrationId: 'mig-ticket', diskId: 'disk-k', generation: 1 };
    // Capped, so the session is still open when the foreign stripes come.
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL, maxBytesPerSecond: 8 * MiB });
    // A site-CA peer that read the session id in cloud-manager's log.
    let sessionId: string | undefined;
    while (sessionId === undefined) {
      sessionId = /session ([0-9a-f]{32}) opened for mig-ticket\/disk-k/.exec(plane.cloud.log())?.[1];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const tls = await issueLeaf(join(plane.dir, 'site-ca'), 'a-site-peer');
    const receiver = grpcClient<Client & { TransferStripe(cb: (e: ServiceError | null) => void): ClientWritableStream<unknown> }>('ferry.dataplane.v1.ChunkReceiver', plane.interconnectEndpoint, { credentials: mutualTlsClient(tls) });
    try {
      for (const [ticket, why] of [[undefined, 'missing'], [randomBytes(32), "not this session's"]] as const) {
        const error = await new Promise<ServiceError | null>((resolve) => {
          const call = receiver.TransferStripe(resolve);
          call.write({ stripe: { sessionId: Buffer.from(sessionId!, 'hex'), stripe: 2, ...(ticket === undefined ? {} : { ticket }) } });
          call.end();
        });
        expect(error?.code).toBe(7); // PERMISSION_DENIED
        expect(error?.details).toContain(`stripe 2 of session ${sessionId}: its ticket is ${why}`);
      }
    } finally {
      receiver.close();
    }
    const status = await waitForTransfer(plane, id);
    expect(await qemuCompare(source, target, { b: 'raw' })).toMatchObject({ identical: true });
    expect(Number(status.bytesVerified) + Number(status.zeroBytes)).toBe(size);
    // One session: the refused stripes did not end it.
    expect(plane.cloud.log().match(/opened for mig-ticket\/disk-k/g)).toHaveLength(1);
  });
});

describe('without stripes', () => {
  let plane: DataPlane;
  beforeAll(async () => {
    plane = await startDataPlane({ premEnv: { TRANSFER_STRIPES: '0' } });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it('TRANSFER_STRIPES=0 sends every frame on the Transfer stream', async () => {
    const size = 16 * MiB;
    const source = join(plane.sourceDir, 'plain.raw');
    const target = join(plane.targetDir, 'plain.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const id = { migrationId: 'mig-plain', diskId: 'disk-p', generation: 1 };
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL });
    await waitForTransfer(plane, id);
    expect(await qemuCompare(source, target, { b: 'raw' })).toMatchObject({ identical: true });
    expect(framesLine(plane, 'disk-p')).toContain('frames on the Transfer stream');
  });
});
