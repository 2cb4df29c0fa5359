import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { ValidationError } from '@ferry/errors';
import { JetStreamEventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { natsRequest } from '@ferry/service-kit';
import { extractDebianTree, startNats, startService, type NatsHandle, type ServiceHandle } from '@ferry/testing';

describe('guest-prep service over NATS (running process)', () => {
  jest.setTimeout(10 * 60_000);
  let work: string;
  let nats: NatsHandle | undefined;
  let service: ServiceHandle | undefined;
  let nc: NatsConnection | undefined;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ferry-gp-e2e-'));
    nats = await startNats();
    service = await startService('guest-prep', { NATS_URL: nats.url });
    nc = await nats.connect('appliance'); // commands guest-prep as the appliance does
  });
  afterAll(async () => {
    await nc?.close();
    await service?.stop();
    await nats?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('prepare-vm on an offline guest whose package sources are unreachable: replies not ok and stores GuestPrepStarted..GuestPrepFailed', async () => {
    if (!nc) throw new Error('set-up failed');
    const root = await extractDebianTree(join(work, 'guest'));
    await writeFile(join(root, 'etc/apt/sources.list'), 'deb [trusted=yes] file:///nonexistent-ferry-repo bookworm main\n');
    await rm(join(root, 'etc/apt/sources.list.d'), { recursive: true, force: true });
    await rm(join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
    await rm(join(root, 'var/lib/apt/lists'), { recursive: true, force: true });

    const reply = await natsRequest<ferry.guestprep.v1.PrepareVmReply>(
      nc,
      'ferry.cmd.guest-prep.prepare-vm',
      ferry.guestprep.v1.PrepareVm.create({ commandId: 'e2e-1', prepId: 'e2e-prep-1', vmId: 'vm-9', offline: { root }, actor: { kind: 'operator', id: 'bob' } }),
      { timeoutMs: 5 * 60_000 },
    );
    expect(reply.ok).toBe(false);
    expect(JSON.parse(reply.resultJson)).toMatchObject({ ok: false, offline: true });

    const store = await JetStreamEventStore.open(nc);
    const { events } = await store.load({ aggregate: 'guestprep', id: 'e2e-prep-1' });
    expect(events.map((e) => e.type)).toEqual(['GuestPrepStarted', ...Array<string>(5).fill('GuestPrepStepCompleted'), 'GuestPrepFailed']);
    const failed = ferry.guestprep.v1.GuestPrepFailed.decode(events[6]?.payload ?? new Uint8Array());
    expect(failed.step).toBe('iscsi-initiator');
    expect(failed.reason).toMatch(/could not install open-iscsi with apt/);
  });

  it('fixup with an unknown target platform is refused with a ValidationError naming the field', async () => {
    if (!nc) throw new Error('set-up failed');
    const cmd = ferry.guestprep.v1.FixUpReplica.create({ commandId: 'e2e-2', fixupId: 'e2e-fix-1', root: work, targetPlatform: 'hyperv' });
    await expect(natsRequest(nc, 'ferry.cmd.guest-prep.fixup', cmd, { timeoutMs: 20_000 })).rejects.toThrow(ValidationError);
    await expect(natsRequest(nc, 'ferry.cmd.guest-prep.fixup', cmd, { timeoutMs: 20_000 })).rejects.toThrow(/target_platform.*"hyperv" is not "vmware" or "kvm"/);
  });

  it('fixup-disks on disks without a Linux root: ok and skipped, naming the disks; the same fixup id again is answered from the stored events', async () => {
    if (!nc) throw new Error('set-up failed');
    const images = [join(work, 'random-0-flat.vmdk'), join(work, 'random-1-flat.vmdk')];
    for (const image of images) await writeFile(image, randomBytes(2 << 20));
    const cmd = ferry.guestprep.v1.FixUpReplicaDisks.create({
      commandId: 'e2e-3', fixupId: 'e2e-fix-disks-1', vmId: 'vm-12', diskImages: images, targetPlatform: 'vmware', nics: [{ mac: '00:50:56:0a:00:99', targetNetwork: 'VM Network' }],
    });
    const reply = await natsRequest<ferry.guestprep.v1.FixUpReplicaDisksReply>(nc, 'ferry.cmd.guest-prep.fixup-disks', cmd, { timeoutMs: 60_000 });
    expect({ ok: reply.ok, skipped: reply.skipped, steps: reply.steps.map((s) => `${s.step} ${s.status}`) }).toEqual({ ok: true, skipped: true, steps: ['find-root skipped'] });
    expect(reply.steps[0]?.message).toMatch(/^no Linux root file system on random-0-flat\.vmdk \(no partition table, no file system\); random-1-flat\.vmdk .*the replica was not changed$/);
    const again = await natsRequest<ferry.guestprep.v1.FixUpReplicaDisksReply>(nc, 'ferry.cmd.guest-prep.fixup-disks', cmd, { timeoutMs: 60_000 });
    const plain = (r: ferry.guestprep.v1.FixUpReplicaDisksReply) => ({ ok: r.ok, skipped: r.skipped, steps: r.steps.map((s) => ({ step: s.step, status: s.status, message: s.message })) });
    expect(plain(again)).toEqual(plain(reply));
    const { events } = await (await JetStreamEventStore.open(nc)).load({ aggregate: 'fixup', id: 'e2e-fix-disks-1' });
    expect(events.map((e) => e.type)).toEqual(['FixupStarted', 'FixupStepCompleted', 'FixupCompleted']);
  });

  it('fixup-disks naming an image the host cannot see: not ok, the message names the path and the mount to fix', async () => {
    if (!nc) throw new Error('set-up failed');
    const missing = join(work, 'no-such-datastore', 'disk-flat.vmdk');
    const cmd = ferry.guestprep.v1.FixUpReplicaDisks.create({ commandId: 'e2e-4', fixupId: 'e2e-fix-disks-2', diskImages: [missing] });
    const reply = await natsRequest<ferry.guestprep.v1.FixUpReplicaDisksReply>(nc, 'ferry.cmd.guest-prep.fixup-disks', cmd, { timeoutMs: 60_000 });
    expect(reply.ok).toBe(false);
    expect(reply.message).toContain(`find-root: disk image ${missing} cannot be read on the guest-prep host (ENOENT)`);
    expect(reply.message).toContain('TARGET_VOLUMES');
  });
});
