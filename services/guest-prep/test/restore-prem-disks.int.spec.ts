// Migrate back's restore of the prem guest on a real Debian bookworm disk: the guest was prepared
// (open-iscsi, iSCSI initramfs and grub entry), then changed its network in the cloud and wrote a
// file. The restore puts the prem network files back byte for byte, removes the one the cloud added,
// undoes the preparation from its manifest, keeps what the guest wrote; a rerun leaves the disk's
// bytes as they are (nothing is mounted read-write when nothing must change).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffSnapshots, extractDebianTree, snapshotTree } from '@ferry/testing';
import { OfflineChrootChannel } from '../src/channels/offline';
import { execOk } from '../src/channels/exec';
import { mountVolume } from '../src/disks/loop-mount';
import { probeDisk } from '../src/disks/probe';
import { decodeRestorePremDisks } from '../src/app/restore-prem-command';
import { type FixupEvent } from '../src/fixup/stage1';
import { prepareLinuxGuest } from '../src/prep/runner';
import { restorePremDisks } from '../src/restore/restore-prem-disks';

const meta = () => ({ prepId: 'restore-1', vmId: 'vm-7', atUnixMillis: 1_700_000_000_000, actor: { kind: 'service', id: 'test' }, causeCommandId: 'cmd-1', traceId: '' });
const sha256 = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');
const NOT_GUEST_STATE = ['proc', 'sys', 'dev', 'run', 'opt/ferry', 'lost+found'];
const CLOUD_INTERFACES = 'auto lo\niface lo inet loopback\n\nauto ens3\niface ens3 inet static\n  address 172.31.9.40/20\n  gateway 172.31.0.1\n';

describe('restore of the prem guest on its disk after the way back (migrate back)', () => {
  jest.setTimeout(15 * 60_000);
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ferry-restore-prem-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('puts the network files back as captured, removes the cloud\'s, undoes the preparation, keeps the guest\'s data; a rerun writes nothing', async () => {
    const tree = await extractDebianTree(join(work, 'tree'));
    const pristine = await snapshotTree(tree, NOT_GUEST_STATE);
    const channel = await OfflineChrootChannel.open(tree);
    let files: Readonly<Record<string, string>>;
    try {
      const prepared = await prepareLinuxGuest(channel, { prepId: 'prep-1', vmId: 'vm-7', commandId: 'cmd-0', actor: { kind: 'service', id: 'test' } }, { append: async () => undefined }, () => 1_700_000_000_000);
      expect(prepared.ok).toBe(true);
      files = prepared.network?.files ?? {};
    } finally {
      await channel.close();
    }
    expect(Object.keys(files).sort()).toEqual(['/etc/hostname', '/etc/hosts', '/etc/network/interfaces', '/etc/resolv.conf']);
    // The cloud stay: the network reconfigured, a netplan file added, data written.
    await writeFile(join(tree, 'etc/network/interfaces'), CLOUD_INTERFACES);
    await mkdir(join(tree, 'etc/netplan'), { recursive: true });
    await writeFile(join(tree, 'etc/netplan/50-cloud-init.yaml'), 'network:\n  version: 2\n  ethernets:\n    ens3: {dhcp4: true}\n', { mode: 0o600 });
    await writeFile(join(tree, 'root/written-in-the-cloud.txt'), 'kept\n');

    const disk = join(work, 'prem-flat.vmdk');
    await execOk('truncate', ['-s', '1600M', disk]);
    await execOk('mkfs.ext4', ['-q', '-F', '-L', 'prem-root', '-d', tree, disk]);
    await rm(tree, { recursive: true, force: true });
    const [rootFs] = (await probeDisk(disk, 0)).volumes;

    const input = decodeRestorePremDisks({ restoreId: 'restore-1', diskImages: [disk], networkFiles: files, undoPrep: true });
    const events: FixupEvent[] = [];
    const outcome = await restorePremDisks(input, meta, async (e) => void events.push(e));
    expect({ ok: outcome.ok, message: outcome.message }).toEqual({ ok: true, message: '' });
    expect(outcome.steps.map((s) => [s.step, s.status])).toEqual([['find-root', 'unchanged'], ['network', 'changed'], ['undo-prep', 'changed']]);
    expect(outcome.steps[1]?.message).toBe('put back as captured at preparation: /etc/network/interfaces; removed (added in the cloud): /etc/netplan/50-cloud-init.yaml');
    expect(outcome.steps[2]?.message).toMatch(/^restored \d+ recorded change\(s\)$/);
    expect(events.map((e) => e.type)).toEqual(['FixupStarted', 'FixupStepCompleted', 'FixupStepCompleted', 'FixupStepCompleted', 'FixupCompleted']);

    const mounted = await mountVolume(rootFs!, { readOnly: true });
    try {
      expect(await readFile(join(mounted.dir, 'root/written-in-the-cloud.txt'), 'utf8')).toBe('kept\n');
      // Everything else is as before the preparation: grub.cfg, the initramfs, dpkg's state, the network files.
      // (The netplan folder the cloud made stays, empty.)
      expect(diffSnapshots(pristine, await snapshotTree(mounted.dir, NOT_GUEST_STATE))).toEqual(['etc/netplan', 'root/written-in-the-cloud.txt']);
    } finally {
      await mounted.unmount();
    }

    const before = await sha256(disk);
    const again = await restorePremDisks(input, meta, async () => undefined);
    expect(again.steps.map((s) => [s.step, s.status])).toEqual([['find-root', 'unchanged'], ['network', 'unchanged'], ['undo-prep', 'unchanged']]);
    expect(again.steps[2]?.message).toContain('nothing to undo');
    expect(await sha256(disk)).toBe(before);
  });

  it('a command naming a file outside /etc, or no disks, is refused naming the field', () => {
    expect(() => decodeRestorePremDisks({ restoreId: 'r', diskImages: ['/x'], networkFiles: { '/etc/../root/.ssh/authorized_keys': 'k' } })).toThrow(/network_files/);
    expect(() => decodeRestorePremDisks({ restoreId: 'r', diskImages: [] })).toThrow(/disk_images/);
    expect(() => decodeRestorePremDisks({ diskImages: ['/x'] })).toThrow(/restore_id/);
  });
});
