import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootableDebianImage, bootQemuUntilMarker, diffSnapshots, snapshotTree } from '@ferry/testing';
import { OfflineChrootChannel } from '../src/channels/offline';
import { execOk } from '../src/channels/exec';
import { fileSystemUuid, mountImagePartition } from '../src/fixup/image';
import { type FixupInput } from '../src/fixup/inputs';
import { FIXUP_DIR, type FixupEvent, runFixupStage1 } from '../src/fixup/stage1';

const TARGET_MAC = '52:54:00:fe:77:01';

async function withReplica<T>(image: string, offset: number, fn: (root: string, channel: OfflineChrootChannel) => Promise<T>): Promise<T> {
  const part = await mountImagePartition(image, offset);
  try {
    const channel = await OfflineChrootChannel.open(part.root);
    try {
      return await fn(part.root, channel);
    } finally {
      await channel.close();
    }
  } finally {
    await part.unmount();
  }
}

async function fixup(root: string, channel: OfflineChrootChannel, input: FixupInput): Promise<{ events: FixupEvent[]; ok: boolean }> {
  const events: FixupEvent[] = [];
  const meta = () => ({ prepId: 'fixup-1', vmId: 'vm-42', atUnixMillis: 1_700_000_000_000, actor: { kind: 'service', id: 'test' }, causeCommandId: 'cmd-1', traceId: '' });
  const result = await runFixupStage1(root, channel, input, meta, async (e) => void events.push(e));
  return { events, ok: result.ok };
}

const statuses = (events: FixupEvent[]): Record<string, string> =>
  Object.fromEntries(events.flatMap((e) => (e.type === 'FixupStepCompleted' ? [[e.step, e.status]] : [])));

describe('replica fixup on a raw disk image of Debian bookworm, then a boot under qemu', () => {
  jest.setTimeout(20 * 60_000);
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ferry-fixup-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('rewrites fstab and the network files for a NIC map that renames and re-addresses, rebuilds the initramfs with virtio, is safe to rerun, and boots with the NIC named and addressed per the map', async () => {
    const built = await bootableDebianImage();
    const image = join(work, 'replica.raw');
    await execOk('cp', ['--sparse=always', built.image, image]);
    const uuid = await fileSystemUuid(image, built.partitionOffset);

    // Make the replica look like it came from VMware: root by device name (pvscsi's sda) in fstab and
    // on the kernel command line, and an initramfs holding VMware's drivers but no virtio, so it
    // would not boot on KVM without the fixup.
    await withReplica(image, built.partitionOffset, async (root, channel) => {
      await writeFile(join(root, 'etc/fstab'), '# <file system> <mount point> <type> <options> <dump> <pass>\n/dev/sda1 / ext4 errors=remount-ro 0 1\nproc /proc proc defaults 0 0\n');
      await writeFile(join(root, 'etc/initramfs-tools/modules'), 'vmw_pvscsi\nvmxnet3\nahci\nsd_mod\next4\n');
      const grubCfg = join(root, 'boot/grub/grub.cfg');
      await writeFile(grubCfg, (await readFile(grubCfg, 'utf8')).replace(`root=UUID=${uuid}`, 'root=/dev/sda1'));
      expect(await readFile(grubCfg, 'utf8')).toContain('root=/dev/sda1 ro');
      const r = await channel.run(['update-initramfs', '-u', '-k', 'all']);
      expect(r.exitCode).toBe(0);
      expect((await channel.run(['sh', '-c', 'lsinitramfs /boot/initrd.img-*'])).stdout).not.toMatch(/virtio_blk\.ko/);
    });

    const input: FixupInput = {
      targetPlatform: 'kvm',
      nics: [{ sourceName: 'ens3', targetMac: TARGET_MAC, targetName: 'lan0', addresses: ['10.0.2.77/24'], gateway: '10.0.2.2' }],
      deviceUuids: { '/dev/sda1': uuid },
    };
    await withReplica(image, built.partitionOffset, async (root, channel) => {
      const first = await fixup(root, channel, input);
      expect(first.ok).toBe(true);
      expect(statuses(first.events)).toEqual({ fstab: 'changed', bootloader: 'changed', 'nic-naming': 'changed', 'network-files': 'changed', initramfs: 'changed', stage2: 'changed' });
      expect(await readFile(join(root, 'etc/fstab'), 'utf8')).toBe(
        `# <file system> <mount point> <type> <options> <dump> <pass>\nUUID=${uuid} / ext4 errors=remount-ro 0 1\nproc /proc proc defaults 0 0\n`,
      );
      const grubCfg = await readFile(join(root, 'boot/grub/grub.cfg'), 'utf8');
      expect(grubCfg).toContain(`root=UUID=${uuid} ro console=ttyS0`);
      expect(grubCfg).not.toContain('root=/dev/sda1');
      const interfaces = await readFile(join(root, 'etc/network/interfaces'), 'utf8');
      expect(interfaces).toContain('auto lan0\niface lan0 inet static\n\taddress 10.0.2.77/24\n\tgateway 10.0.2.2\n');
      expect(interfaces).toContain(`hwaddress ether ${TARGET_MAC}`);
      expect(interfaces).toContain('dns-nameservers 10.0.2.3');
      expect(interfaces).not.toContain('ens3');
      expect(await readFile(join(root, 'etc/systemd/network/10-ferry-lan0.link'), 'utf8')).toContain(`[Match]\nMACAddress=${TARGET_MAC}\n\n[Link]\nName=lan0\n`);
      const initramfs = (await channel.run(['sh', '-c', 'lsinitramfs /boot/initrd.img-*'])).stdout;
      for (const driver of ['virtio_pci', 'virtio_blk', 'virtio_scsi', 'virtio_net']) expect(initramfs).toMatch(new RegExp(`/${driver}\\.ko`));
      const result = JSON.parse(await readFile(join(root, FIXUP_DIR, 'result.json'), 'utf8')) as { ok: boolean; network: { interfaces: unknown[] } };
      expect(result.ok).toBe(true);
      expect(result.network.interfaces).toEqual([{ name: 'lan0', mac: TARGET_MAC, method: 'static', addresses: ['10.0.2.77/24'], gateway: '10.0.2.2', dns: ['10.0.2.3'], onBoot: true }]);
      expect(await readFile(join(root, FIXUP_DIR, 'progress.txt'), 'utf8')).toMatch(/initramfs: changed - initramfs rebuilt with update-initramfs for the kvm target/);

      // Rerun: every step reports unchanged and no file of the replica changes (but the log).
      const skip = ['proc', 'sys', 'dev', 'var/lib/ferry'];
      const before = await snapshotTree(root, skip);
      const second = await fixup(root, channel, input);
      expect(second.ok).toBe(true);
      expect(new Set(Object.values(statuses(second.events)))).toEqual(new Set(['unchanged']));
      expect(diffSnapshots(before, await snapshotTree(root, skip))).toEqual([]);
    });

    // One boot under TCG: grub from the MBR, the rebuilt initramfs (virtio), the renamed NIC.
    const boot = await bootQemuUntilMarker({ disk: image, macs: [TARGET_MAC], timeoutMs: 8 * 60_000 });
    if (!boot.reached) throw new Error(`the fixed-up replica did not reach FERRY-BOOT-END; console tail:\n${boot.console.slice(-3000)}`);
    const report = boot.console.slice(boot.console.indexOf('FERRY-BOOT-OK'));
    expect(report).toMatch(new RegExp(`^lan0\\s+UP\\s+${TARGET_MAC}`, 'm'));
    expect(report).toMatch(/^lan0\s+UP\s+10\.0\.2\.77\/24/m);
    expect(report).not.toMatch(/^ens3\s/m);
    expect(boot.console).toMatch(/FERRY-STAGE2-DONE/);
  });
});
