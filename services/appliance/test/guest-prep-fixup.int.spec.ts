// The appliance's fixup adapter against a real nats-server and the real guest-prep service: the
// flat extent paths it sends, a failure reply, a skipped fixup, and what it says when guest-prep is
// not there or never answers, and a command lost on its way.
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { NatsRunOwners, type RunOwners } from '@ferry/service-kit';
import { makeTempDir, startNatsSession, startService, type NatsSession, type ServiceHandle } from '@ferry/testing';
import { FixupFailedError, FIXUP_SUBJECT, GuestPrepFixup } from '../src/adapters';
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

  it('a command lost on its way (a NATS node died with it) is sent again once no replica holds the run, and answered', async () => {
    const lone = await startNatsSession();
    let late: ServiceHandle | undefined;
    try {
      const folder = join(volumes, 'cloud-ds', 'ferry-mig-lost');
      await mkdir(folder, { recursive: true });
      for (const key of ['2000', '2001']) await writeFile(join(folder, `disk-${key}-flat.vmdk`), randomBytes(1 << 20));
      // The only taker of the first send drops it, as a dying NATS node would.
      const swallower = lone.connection.subscribe(FIXUP_SUBJECT, { max: 1 });
      await lone.connection.flush();
      // The questions about the run's holder wait until guest-prep is up, so the second send has a taker.
      let guestPrepUp = (): void => undefined;
      const up = new Promise<void>((resolve) => (guestPrepUp = resolve));
      const real = new NatsRunOwners(lone.connection, 'guest-prep');
      const owners: RunOwners = { hold: (a, id) => real.hold(a, id), held: async (a, id) => (await up, real.held(a, id)) };
      const started = Date.now();
      const run = new GuestPrepFixup(lone.connection, { targetVolumes: volumes, timeoutMs: 60_000, checkEveryMs: 200, owners }).run(effect('mig-lost'));
      for await (const dropped of swallower) expect(dropped.subject).toBe(FIXUP_SUBJECT);
      late = await startService('guest-prep', { NATS_URL: lone.nats.url });
      guestPrepUp();
      expect(await run).toEqual([
        'find-root: skipped - no Linux root file system on disk-2000-flat.vmdk (no partition table, no file system); disk-2001-flat.vmdk (no partition table, no file system); fixup skipped, the replica was not changed',
      ]);
      expect(Date.now() - started).toBeLessThan(55_000);
    } finally {
      await late?.stop();
      await lone.close();
    }
  });
});
