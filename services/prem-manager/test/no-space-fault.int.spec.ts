// A cloud datastore without room for the target: cloud-manager reports "no space" (where, how much) to
// prem-manager instead of a generic stream failure; the transfer waits, says why in GetTransfer, tries
// again further apart each time (no tight loop), and once room is made it goes on by itself to an
// identical copy. Real processes; the datastore is a real 16 MiB tmpfs (the tests run as root).
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ferry } from '@ferry/proto';
import { makeSourceRaw, qemuCompare } from '@ferry/testing';
import { getTransfer, startDataPlane, startTransfer, TransferMode, waitForTransfer, type DataPlane } from './dataplane-harness';

jest.setTimeout(120_000);
const run = promisify(execFile);
const MiB = 1 << 20;
const { TransferState } = ferry.dataplane.v1;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a receiver whose datastore is full', () => {
  let plane: DataPlane;
  let datastore = '';
  let mounted = false;

  beforeAll(async () => {
    plane = await startDataPlane({ creditWindow: 16, commitBatch: 4 });
    datastore = join(plane.targetDir, 'small-ds');
    await mkdir(datastore);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'ferry-small-ds', datastore]);
    mounted = true;
  });
  afterAll(async () => {
    // Unmounted before the harness removes its folder (lazily if a service still holds a file there).
    if (mounted) await run('umount', [datastore]).catch(() => run('umount', ['-l', datastore]));
    await plane?.stop();
  });

  it('makes the transfer wait with the reason in GetTransfer, retrying with backoff; with room again it completes by itself, identical', async () => {
    const size = 32 * MiB;
    const source = join(plane.sourceDir, 'full.raw');
    await makeSourceRaw(source, size, [{ offset: 0, length: 24 * MiB, kind: 'random' }]);
    const target = join(datastore, 'ferry-m1', 'disk-0-flat.vmdk');
    await mkdir(join(datastore, 'ferry-m1'));
    const id = { migrationId: 'mig-full', diskId: 'disk-0', generation: 1 };
    await startTransfer(plane, { ...id, sourceLocator: `file:${source}`, targetPath: target, mode: TransferMode.TRANSFER_MODE_FULL });

    const started = Date.now();
    let status = await getTransfer(plane, id);
    while (status.waitingReason === '' && Date.now() - started < 20_000) {
      await sleep(50);
      status = await getTransfer(plane, id);
    }
    const seenMs = Date.now() - started;
    process.stdout.write(`waiting after ${seenMs} ms: ${status.waitingReason} (need ${status.spaceNeededBytes} bytes)\n`);
    expect(status.state).toBe(TransferState.TRANSFER_STATE_RUNNING);
    expect(status.waitingReason).toMatch(/^no space on datastore small-ds \(.*ferry-m1, ENOSPC\): about \d+\.\d MiB more needed, \d+\.\d MiB free$/);
    expect(Number(status.spaceNeededBytes)).toBeGreaterThanOrEqual(MiB);
    // About the 8 MiB of data that did not fit (more while written chunks were not yet acknowledged).
    expect(Number(status.spaceNeededBytes)).toBeLessThanOrEqual(24 * MiB);

    // Waiting, not looping: over 5 s a handful of sessions at most (1, 2, 4 s apart).
    const sessions = status.sessions;
    await sleep(5_000);
    const later = await getTransfer(plane, id);
    expect(later.state).toBe(TransferState.TRANSFER_STATE_RUNNING);
    expect(later.waitingReason).toContain('no space on datastore small-ds');
    expect(later.sessions - sessions).toBeLessThanOrEqual(4);
    const refusals = plane.cloud.log().split('\n').filter((line) => line.includes('transfer stream rejected: no space on datastore small-ds')).length;
    expect(refusals).toBeGreaterThanOrEqual(1);
    expect(refusals).toBeLessThanOrEqual(later.sessions);
    expect(plane.prem.log()).toContain('waits for room at the receiver');

    // Room made: the next session (at most 30 s on) goes on from the receiver's verified map, by itself.
    await run('mount', ['-o', 'remount,size=64m', datastore]);
    const done = await waitForTransfer(plane, id, 60_000);
    expect(done.waitingReason).toBe('');
    expect(Number(done.spaceNeededBytes)).toBe(0);
    expect(await qemuCompare(source, target, { a: 'raw', b: 'raw' })).toMatchObject({ identical: true });
    process.stdout.write(`completed after room was made: ${done.sessions} sessions in all\n`);
  });
});
