// The appliance's fixup adapter against a real nats-server and the real guest-prep service: the
// flat extent paths it sends, a failure reply, a skipped fixup, and what it says when guest-prep is
// not there or never answers.
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { makeTempDir, startNatsSession, startService, type NatsSession, type ServiceHandle } from '@ferry/testing';
import { FixupFailedError, GuestPrepFixup } from '../src/adapters';
import type { Effect } from '../src/orchestration';

jest.setTimeout(120_000);

const effect = (migrationId: string): Extract<Effect, { kind: 'RunFixup' }> => ({
  kind: 'RunFixup',
  migrationId,
  targetVm: { vcenter: 'cloud', moref: 'vm-77', name: 'web-1' },
  fixupId: `${migrationId}-fixup-1`,
  disks: [{ diskKey: '2000', datastore: 'cloud-ds' }, { diskKey: '2001', datastore: 'cloud-ds' }],
  nics: [{ macAddress: '00:50:56:aa:bb:01', network: 'cloud-net', adapter: 'vmxnet3' }],
});

let session: NatsSession;
let guestPrep: ServiceHandle;
let volumes: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir: volumes, cleanup } = await makeTempDir('ferry-fixup-volumes-'));
  session = await startNatsSession();
  guestPrep = await startService('guest-prep', { NATS_URL: session.nats.url });
});

afterAll(async () => {
  await guestPrep?.stop();
  await session?.close();
  await cleanup?.();
});

describe('GuestPrepFixup (ferry.cmd.guest-prep.fixup-disks)', () => {
  it('sends the flat extents under TARGET_VOLUMES: a missing one fails the fixup with guest-prep\'s reason naming that path', async () => {
    const fixup = new GuestPrepFixup(session.connection, { targetVolumes: volumes, timeoutMs: 60_000 });
    const run = fixup.run(effect('mig-missing'));
    await expect(run).rejects.toThrow(FixupFailedError);
    await expect(run).rejects.toThrow(
      `guest-prep fixup mig-missing-fixup-1 failed: find-root: disk image ${volumes}/cloud-ds/ferry-mig-missing/disk-2000-flat.vmdk cannot be read on the guest-prep host (ENOENT)`,
    );
  });

  it('returns guest-prep\'s steps as lines: disks without a Linux root are one skipped step naming them', async () => {
    const folder = join(volumes, 'cloud-ds', 'ferry-mig-random');
    await mkdir(folder, { recursive: true });
    for (const key of ['2000', '2001']) await writeFile(join(folder, `disk-${key}-flat.vmdk`), randomBytes(1 << 20));
    const steps = await new GuestPrepFixup(session.connection, { targetVolumes: volumes, timeoutMs: 60_000 }).run(effect('mig-random'));
    expect(steps).toEqual([
      'find-root: skipped - no Linux root file system on disk-2000-flat.vmdk (no partition table, no file system); disk-2001-flat.vmdk (no partition table, no file system); fixup skipped, the replica was not changed',
    ]);
  });

  it('with no guest-prep on the bus, or one that never answers, says so and how to fix it', async () => {
    const lonely = await startNatsSession();
    try {
      const fixup = new GuestPrepFixup(lonely.connection, { targetVolumes: volumes, timeoutMs: 1000 });
      await expect(fixup.run(effect('mig-nobody'))).rejects.toThrow(/^guest-prep is not running: nothing took the fixup of migration mig-nobody \(ferry\.cmd\.guest-prep\.fixup-disks, fixup mig-nobody-fixup-1\); start the guest-prep service on this NATS/);
      // A guest-prep that takes the request and never replies (stuck mount, lost process).
      const stuck = lonely.connection.subscribe('ferry.cmd.guest-prep.fixup-disks');
      await lonely.connection.flush();
      await expect(fixup.run(effect('mig-stuck'))).rejects.toThrow(/^guest-prep did not answer the fixup of migration mig-stuck .* within 1 s: .* or raise FIXUP_TIMEOUT_MS/);
      stuck.unsubscribe();
    } finally {
      await lonely.close();
    }
  });
});
