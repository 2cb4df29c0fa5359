import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSourceRaw, qemuCompare, startService } from '@ferry/testing';
import { mixedRegions, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(240_000);
const MiB = 1 << 20;

describe('a prem-esxi-manager on the same host: block reads over its Unix socket (BLOCK_READ_SOCKET)', () => {
  let plane: DataPlane;
  let socketDir: string;
  beforeAll(async () => {
    socketDir = await mkdtemp(join(tmpdir(), 'ferry-sock-')); // mkdtemp: mode 0700
    plane = await startDataPlane({ esxiEnv: { BLOCK_READ_SOCKET: join(socketDir, 'block-read.sock') } });
  });
  afterAll(async () => {
    await plane?.stop();
    await rm(socketDir, { recursive: true, force: true });
  });

  it('copies a disk read through unix:<path>, sealed at the source as over TCP; the socket is the owner\'s and group\'s only', async () => {
    const socket = join(socketDir, 'block-read.sock');
    const info = await stat(socket);
    expect(info.isSocket()).toBe(true);
    expect(info.mode & 0o777).toBe(0o660);
    const size = 48 * MiB;
    const source = join(plane.sourceDir, 'local.raw');
    await makeSourceRaw(source, size, mixedRegions(size));
    const target = join(plane.targetDir, 'local.raw');
    const id = { migrationId: 'mig-local', diskId: 'd', generation: 1 };
    await startTransfer(plane, { ...id, sourceEndpoint: `unix:${socket}`, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL });
    const status = await waitForTransfer(plane, id);
    expect(await qemuCompare(source, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    expect(Number(status.chunksSent)).toBeGreaterThan(0);
    expect(Number(status.wireBytes)).toBeLessThan(size); // sealed (compressed) at the source, as over TCP
  });

  it('refuses to start with the socket in a directory other users can enter, naming the fix', async () => {
    const open = await mkdtemp(join(tmpdir(), 'ferry-open-'));
    try {
      await chmod(open, 0o755);
      await expect(startService('prem-esxi-manager', { NATS_URL: plane.nats.url, CA_DIR: join(plane.dir, 'site-ca'), BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: plane.sourceDir, STATE_DIR: join(open, 'state'), BLOCK_READ_SOCKET: join(open, 'block-read.sock') }))
        .rejects.toThrow(/is open to other users \(mode 755\).*chmod o-rwx/s);
    } finally {
      await rm(open, { recursive: true, force: true });
    }
  });
});
