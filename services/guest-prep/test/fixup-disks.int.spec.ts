// Fixup from disk images on a real Debian bookworm replica laid out as a VM would have it: a first
// disk of random data, a second disk with a GPT table, /boot on partition 1 and the root on
// partition 2 (fstab by device name and label). guest-prep must find the root, mount /boot inside it,
// fix up, and leave nothing mounted.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractDebianTree } from '@ferry/testing';
import { execOk } from '../src/channels/exec';
import { GuestPrepService } from '../src/app/guest-prep-service';
import { fixUpReplicaDisks, probeReplica, type FixupDisksInput } from '../src/disks/fixup-disks';
import { mountVolume, releaseLeftMounts } from '../src/disks/loop-mount';
import { probeDisk } from '../src/disks/probe';
import { type FixupEvent } from '../src/fixup/stage1';

const MAC = '00:50:56:0a:77:01';
const meta = () => ({ prepId: 'fix-disks-1', vmId: 'vm-7', atUnixMillis: 1_700_000_000_000, actor: { kind: 'service', id: 'test' }, causeCommandId: 'cmd-1', traceId: '' });
const sha256 = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');
/** Loop devices still attached to these images (a mount left behind keeps its loop device). */
const loopsOn = async (images: readonly string[]): Promise<string[]> =>
  (await Promise.all(images.map((i) => execOk('losetup', ['-j', i])))).flatMap((out) => out.split('\n').filter(Boolean));

describe('fixup of a replica from its disk images (GPT, separate /boot, a data disk first)', () => {
  jest.setTimeout(10 * 60_000);
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ferry-fixup-disks-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('finds the root on disk 2, mounts /boot from its own partition, fixes up, unmounts; a rerun changes nothing', async () => {
    const tree = await extractDebianTree(join(work, 'tree'));
    const bootTree = join(work, 'boot');
    await rename(join(tree, 'boot'), bootTree);
    await mkdir(join(tree, 'boot'));
    await writeFile(join(tree, 'etc/fstab'), '/dev/sdb2 / ext4 errors=remount-ro 0 1\nLABEL=ferry-boot /boot ext4 defaults 0 2\n');
    await writeFile(join(tree, 'etc/network/interfaces'), 'auto lo\niface lo inet loopback\n\nallow-hotplug ens192\niface ens192 inet dhcp\n');
    const initrd = (await readdir(bootTree)).find((f) => f.startsWith('initrd.img-'))!;
    const initrdBefore = await sha256(join(bootTree, initrd));

    const data = join(work, 'disk0-flat.vmdk');
    await execOk('truncate', ['-s', '64M', data]);
    await execOk('dd', ['if=/dev/urandom', `of=${data}`, 'bs=1M', 'count=1', 'conv=notrunc', 'status=none']);
    const disk = join(work, 'disk1-flat.vmdk');
    await execOk('truncate', ['-s', '1600M', disk]);
    await execOk('sfdisk', ['-q', disk], { input: 'label: gpt\nsize=64M\n type=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n' });
    const [boot, root] = (await probeDisk(disk, 1)).volumes;
    expect([boot?.partition, root?.partition]).toEqual([1, 2]);
    await execOk('mkfs.ext4', ['-q', '-F', '-L', 'ferry-boot', '-d', bootTree, '-E', `offset=${boot!.offsetBytes}`, disk, `${boot!.sizeBytes / 1024}k`]);
    await execOk('mkfs.ext4', ['-q', '-F', '-L', 'ferry-root', '-d', tree, '-E', `offset=${root!.offsetBytes}`, disk, `${root!.sizeBytes / 1024}k`]);
    await rm(tree, { recursive: true, force: true });
    const [bootFs, rootFs] = (await probeDisk(disk, 1)).volumes;

    const input: FixupDisksInput = { diskImages: [data, disk], targetPlatform: 'vmware', nics: [{ mac: MAC, targetNetwork: 'VM Network' }] };
    const events: FixupEvent[] = [];
    const first = await fixUpReplicaDisks(input, meta, async (e) => void events.push(e));
    expect({ ok: first.ok, message: first.message }).toEqual({ ok: true, message: '' });
    expect(first.skipped).toBe(false);
    expect(Object.fromEntries(first.steps.map((s) => [s.step, s.status]))).toEqual({
      'find-root': 'unchanged', 'nic-match': 'unchanged', fstab: 'changed', bootloader: 'unchanged', 'nic-naming': 'changed', 'network-files': 'changed', initramfs: 'changed', stage2: 'changed',
    });
    expect(first.steps[0]?.message).toBe(`Linux root ext4 UUID=${rootFs!.fs!.uuid} on disk1-flat.vmdk partition 2; /boot from disk1-flat.vmdk partition 1`);
    expect(first.steps[1]?.message).toBe(`NIC ${MAC} (VM Network) is ens192 by position (the replica's files name no MAC)`);
    expect(events.map((e) => e.type)).toEqual(['FixupStarted', ...Array<string>(8).fill('FixupStepCompleted'), 'FixupCompleted']);
    expect(await loopsOn([data, disk])).toEqual([]);

    const rootMount = await mountVolume(rootFs!, { readOnly: true });
    try {
      expect(await readFile(join(rootMount.dir, 'etc/fstab'), 'utf8')).toBe(`UUID=${rootFs!.fs!.uuid} / ext4 errors=remount-ro 0 1\nUUID=${bootFs!.fs!.uuid} /boot ext4 defaults 0 2\n`);
      expect(await readFile(join(rootMount.dir, 'etc/systemd/network/10-ferry-ens192.link'), 'utf8')).toContain(`MACAddress=${MAC}`);
      expect(JSON.parse(await readFile(join(rootMount.dir, 'var/lib/ferry/fixup/result.json'), 'utf8'))).toMatchObject({ ok: true, changed: true });
      // The initramfs went to the /boot partition, nothing under the root's own /boot.
      expect(await readdir(join(rootMount.dir, 'boot'))).toEqual([]);
    } finally {
      await rootMount.unmount();
    }
    const bootMount = await mountVolume(bootFs!, { readOnly: true });
    try {
      expect(await sha256(join(bootMount.dir, initrd))).not.toBe(initrdBefore);
    } finally {
      await bootMount.unmount();
    }

    const again = await fixUpReplicaDisks(input, meta, async () => undefined);
    expect(again.ok).toBe(true);
    expect(new Set(again.steps.map((s) => s.status))).toEqual(new Set(['unchanged']));
    expect(await loopsOn([data, disk])).toEqual([]);
  });

  it('disks without a Linux root (random data, no table) are skipped, naming each disk, and nothing is mounted', async () => {
    const images = [join(work, 'r0-flat.vmdk'), join(work, 'r1-flat.vmdk')];
    for (const image of images) {
      await execOk('truncate', ['-s', '16M', image]);
      await execOk('dd', ['if=/dev/urandom', `of=${image}`, 'bs=1M', 'count=2', 'conv=notrunc', 'status=none']);
    }
    const before = await Promise.all(images.map(sha256));
    const events: FixupEvent[] = [];
    const outcome = await fixUpReplicaDisks({ diskImages: images, targetPlatform: 'vmware', nics: [] }, meta, async (e) => void events.push(e));
    expect({ ok: outcome.ok, skipped: outcome.skipped }).toEqual({ ok: true, skipped: true });
    expect(outcome.steps).toEqual([{
      step: 'find-root', status: 'skipped',
      message: 'no Linux root file system on r0-flat.vmdk (no partition table, no file system); r1-flat.vmdk (no partition table, no file system); fixup skipped, the replica was not changed',
    }]);
    expect(events.map((e) => e.type)).toEqual(['FixupStarted', 'FixupStepCompleted', 'FixupCompleted']);
    expect(await Promise.all(images.map(sha256))).toEqual(before);
    expect(await loopsOn(images)).toEqual([]);
  });

  it('a second run on a disk another run is still fixing up is refused, naming both; the same run id joins the running one', async () => {
    const image = join(work, 'shared-flat.vmdk');
    await execOk('truncate', ['-s', '8M', image]);
    const service = new GuestPrepService(undefined);
    const first = service.fixUpReplicaDisks({ fixupId: 'mig-1-fixup-1', diskImages: [image] });
    const joined = service.fixUpReplicaDisks({ fixupId: 'mig-1-fixup-1', diskImages: [image] });
    await expect(service.fixUpReplicaDisks({ fixupId: 'mig-1-fixup-2', diskImages: [image] })).rejects.toThrow(`disk image ${image} is being worked on by run mig-1-fixup-1; retry once it has ended`);
    expect((await joined).steps).toEqual((await first).steps);
    expect((await service.fixUpReplicaDisks({ fixupId: 'mig-1-fixup-2', diskImages: [image] })).skipped).toBe(true);
  });

  it('an image still attached to a loop device (left by a killed run) is not mounted again: the run fails naming the device and the fix', async () => {
    const image = join(work, 'attached-flat.vmdk');
    await execOk('truncate', ['-s', '8M', image]);
    const loop = (await execOk('losetup', ['-f', '--show', image])).trim();
    try {
      const events: FixupEvent[] = [];
      const outcome = await fixUpReplicaDisks({ diskImages: [image], targetPlatform: 'vmware', nics: [] }, meta, async (e) => void events.push(e));
      expect(outcome.ok).toBe(false);
      expect(outcome.message).toBe(`find-root: disk image ${image} is still attached to ${loop} (a mount left by an interrupted fixup?); unmount it (findmnt ${loop}; umount <mount point>; losetup -d ${loop}) and retry`);
      expect(events.map((e) => e.type)).toEqual(['FixupStarted', 'FixupFailed']);
    } finally {
      await execOk('losetup', ['-d', loop]);
    }
  });

  it('what a killed run left mounted under its instance\'s folder is released at start (nested mounts first); another instance\'s mounts are left alone', async () => {
    const ext4 = async (name: string): Promise<string> => {
      const image = join(work, name);
      await execOk('truncate', ['-s', '16M', image]);
      await execOk('mkfs.ext4', ['-q', '-F', image]);
      return image;
    };
    const [rootImage, bootImage, otherImage] = [await ext4('left-root-flat.vmdk'), await ext4('left-boot-flat.vmdk'), await ext4('other-flat.vmdk')];
    const volume = async (image: string) => (await probeDisk(image, 0)).volumes[0]!;
    const under = join(work, 'instance-a', 'mounts');
    const otherUnder = join(work, 'instance-b', 'mounts');
    await mkdir(under, { recursive: true });
    await mkdir(otherUnder, { recursive: true });
    // As a run killed mid-fixup leaves them: the root read-write, /boot inside it, nothing unmounted.
    const root = await mountVolume(await volume(rootImage), { readOnly: false, under });
    await mountVolume(await volume(bootImage), { readOnly: false, at: join(root.dir, 'boot') });
    const other = await mountVolume(await volume(otherImage), { readOnly: false, under: otherUnder });
    try {
      await expect(probeReplica([rootImage], under)).rejects.toThrow(`disk image ${rootImage} is still attached to`);
      expect(await releaseLeftMounts(under)).toEqual([join(root.dir, 'boot'), root.dir]);
      expect(await loopsOn([rootImage, bootImage])).toEqual([]);
      expect(await readdir(under)).toEqual([]);
      expect((await probeReplica([rootImage], under)).search.found).toBe(false);
      // The other instance's mount is still there.
      expect(await loopsOn([otherImage])).toHaveLength(1);
      expect(await releaseLeftMounts(under)).toEqual([]);
    } finally {
      await other.unmount();
    }
    expect(await loopsOn([otherImage])).toEqual([]);
  });
});
