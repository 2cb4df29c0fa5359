import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffSnapshots, extractDebianTree, snapshotTree } from '@ferry/testing';
import { OfflineChrootChannel } from '../src/channels/offline';
import { type GuestPrepEvent } from '../src/prep/events';
import { LINUX_STATE_DIR, prepareLinuxGuest } from '../src/prep/runner';

// The tool and its state live in /opt/ferry (ours, delivered by the service); /proc, /sys and /dev
// are bind mounts. Everything else must be identical, the package managers' logs included (undo
// keeps a copy of what they logged in the tool's audit folder before putting them back).
// The chroot's /run is an empty tmpfs of its own (blkid's cache and locks go there), so the guest's own
// /run is guest state like the rest and must stay untouched.
const NOT_GUEST_STATE = ['proc', 'sys', 'dev', 'opt/ferry'];

const actor = { kind: 'service', id: 'guest-prep-test' };
let counter = 0;
const request = (undo = false) => ({ prepId: `prep-${++counter}`, vmId: 'vm-42', commandId: `cmd-${counter}`, actor, undo });

async function prepare(root: string, undo = false): Promise<{ ok: boolean; events: GuestPrepEvent[]; network?: unknown }> {
  const events: GuestPrepEvent[] = [];
  const channel = await OfflineChrootChannel.open(root);
  try {
    const outcome = await prepareLinuxGuest(channel, request(undo), { append: async (e) => void events.push(e) }, () => 1_700_000_000_000);
    return { ok: outcome.ok, events, network: outcome.network };
  } finally {
    await channel.close();
  }
}

async function inGuest(root: string, argv: string[]): Promise<string> {
  const channel = await OfflineChrootChannel.open(root);
  try {
    const r = await channel.run(argv);
    if (r.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
    return r.stdout;
  } finally {
    await channel.close();
  }
}

const steps = (events: GuestPrepEvent[]): Record<string, string> =>
  Object.fromEntries(events.flatMap((e) => (e.type === 'GuestPrepStepCompleted' ? [[e.step, e.status]] : [])));

describe('Linux prepare-to-migrate on a debootstrapped Debian bookworm tree (chroot)', () => {
  jest.setTimeout(15 * 60_000);
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ferry-prep-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('installs open-iscsi, puts iSCSI modules in the initramfs and an iSCSI grub entry, captures the network; reruns change nothing; undo restores every file', async () => {
    const root = await extractDebianTree(join(work, 'guest'));
    const pristine = await snapshotTree(root, NOT_GUEST_STATE);
    expect(await inGuest(root, ['sh', '-c', 'lsinitramfs /boot/initrd.img-* | grep -c iscsi_tcp || true'])).toBe('0\n');

    const first = await prepare(root);
    expect(first.ok).toBe(true);
    expect(steps(first.events)).toEqual({ 'vmware-tools': 'warning', 'iscsi-initiator': 'changed', initramfs: 'changed', grub: 'changed', 'network-capture': 'changed' });
    expect(first.events[0]?.type).toBe('GuestPrepStarted');
    expect(first.events.at(-1)?.type).toBe('GuestPrepCompleted');

    expect(await inGuest(root, ['dpkg-query', '-W', '-f=${Status}', 'open-iscsi'])).toBe('install ok installed');
    const initramfs = await inGuest(root, ['sh', '-c', 'lsinitramfs /boot/initrd.img-*']);
    expect(initramfs).toMatch(/\/iscsi_tcp\.ko/);
    expect(initramfs).toMatch(/\/libiscsi\.ko/);
    const grubCfg = await readFile(join(root, 'boot/grub/grub.cfg'), 'utf8');
    expect(grubCfg).toMatch(/menuentry 'Ferry: boot over iSCSI \(6\.[^)]+\)' --id ferry-iscsi \{/);
    expect(grubCfg).toMatch(/linux \/boot\/vmlinuz-\S+ root=\S+ ro ip=dhcp iscsi_auto/);
    // The tree's /etc/network/interfaces: ens3 static 10.0.2.15/24 via 10.0.2.2, DNS 10.0.2.3.
    expect(first.network).toEqual({
      hostname: 'ferry-guest',
      nameservers: ['10.0.2.3'],
      search: [],
      interfaces: [{ name: 'ens3', method: 'static', addresses: ['10.0.2.15/24'], gateway: '10.0.2.2', dns: ['10.0.2.3'], onBoot: true }],
      // The files themselves, byte for byte, for migrate back to put back on the prem disk.
      files: {
        '/etc/network/interfaces': await readFile(join(root, 'etc/network/interfaces'), 'utf8'),
        '/etc/resolv.conf': await readFile(join(root, 'etc/resolv.conf'), 'utf8'),
        '/etc/hostname': await readFile(join(root, 'etc/hostname'), 'utf8'),
        '/etc/hosts': await readFile(join(root, 'etc/hosts'), 'utf8'),
      },
    });
    const prepared = await snapshotTree(root, NOT_GUEST_STATE);

    const second = await prepare(root);
    expect(second.ok).toBe(true);
    expect(steps(second.events)).toEqual({ 'vmware-tools': 'warning', 'iscsi-initiator': 'unchanged', initramfs: 'unchanged', grub: 'unchanged', 'network-capture': 'unchanged' });
    expect(diffSnapshots(prepared, await snapshotTree(root, NOT_GUEST_STATE))).toEqual([]);

    const undo = await prepare(root, true);
    expect(undo.ok).toBe(true);
    expect(steps(undo.events)).toEqual({ undo: 'changed' });
    expect(diffSnapshots(pristine, await snapshotTree(root, NOT_GUEST_STATE))).toEqual([]);
    const audit = await inGuest(root, ['sh', '-c', `cat ${LINUX_STATE_DIR}/audit/undo-*/dpkg.log`]);
    expect(audit).toMatch(/ install open-iscsi:amd64 /);
    expect(audit).toMatch(/ purge open-iscsi:amd64 /);
  });

  it('fails the install step with a clear message when the package sources are unreachable, changes nothing, and undo leaves the tree as it was', async () => {
    const root = await extractDebianTree(join(work, 'offline-guest'));
    // No package lists, no cached .debs, and a source that does not exist: apt cannot find open-iscsi.
    await inGuest(root, ['sh', '-c', 'find /var/lib/apt/lists -maxdepth 1 -type f -delete && rm -f /var/cache/apt/archives/*.deb /etc/apt/sources.list.d/*']);
    await writeFile(join(root, 'etc/apt/sources.list'), 'deb [trusted=yes] file:///nonexistent-ferry-repo bookworm main\n');
    const before = await snapshotTree(root, NOT_GUEST_STATE);

    const run = await prepare(root);
    expect(run.ok).toBe(false);
    expect(steps(run.events)).toEqual({ 'vmware-tools': 'warning', 'iscsi-initiator': 'failed', initramfs: 'skipped', grub: 'skipped', 'network-capture': 'skipped' });
    const failed = run.events.at(-1);
    expect(failed?.type).toBe('GuestPrepFailed');
    if (failed?.type !== 'GuestPrepFailed') throw new Error('unreachable');
    expect(failed.step).toBe('iscsi-initiator');
    expect(failed.reason).toMatch(/could not install open-iscsi with apt: .*nonexistent-ferry-repo/);
    expect(failed.reason).toMatch(/Check the guest's package sources \(for apt: \/etc\/apt\/sources\.list/);
    expect(diffSnapshots(before, await snapshotTree(root, NOT_GUEST_STATE))).toEqual([]);

    const undo = await prepare(root, true);
    expect(undo.ok).toBe(true);
    expect(steps(undo.events)).toEqual({ undo: 'unchanged' });
    expect(diffSnapshots(before, await snapshotTree(root, NOT_GUEST_STATE))).toEqual([]);
    expect(await readFile(join(root, LINUX_STATE_DIR, 'result.json'), 'utf8')).toMatch(/"mode":"undo"/);
  });
});
