import { detectDistribution } from '../distro/detect';
import { mapFileView } from '../distro/file-view';
import { sample } from '../../test/samples';
import { rewriteBootDevices } from './bootloader';
import { controllerDependentDevices, rewriteFstab } from './fstab';
import { applyNicMap } from './nic-map';
import { planNetworkFiles } from './network-files';
import { nicNamingFiles } from './nic-naming';
import { initramfsDriverConfig } from './drivers';

const RHEL_FSTAB = `
#
# /etc/fstab
# Created by anaconda on Tue Mar  3 10:12:01 2020
#
/dev/mapper/rhel-root   /                       xfs     defaults        0 0
/dev/sda1               /boot                   xfs     defaults        0 0
/dev/sdb1	/data	ext4	defaults,noatime	0 2
UUID=0b1c9c2e-5d7e-4f0a-9a51-1c2d3e4f5a6b swap swap defaults 0 0
`;

describe('fstab', () => {
  it('rewrites only the device names that change, keeping spacing, comments and the other lines; a rerun changes nothing', () => {
    const map = { '/dev/sda1': '11111111-2222-3333-4444-555555555555', '/dev/sdb1': '66666666-7777-8888-9999-000000000000' };
    const once = rewriteFstab(RHEL_FSTAB, map);
    expect(once.content).toBe(
      RHEL_FSTAB.replace('/dev/sda1               /boot', 'UUID=11111111-2222-3333-4444-555555555555               /boot').replace('/dev/sdb1\t/data', 'UUID=66666666-7777-8888-9999-000000000000\t/data'),
    );
    expect(once.changes.map((c) => c.mountPoint)).toEqual(['/boot', '/data']);
    expect(rewriteFstab(once.content, map)).toEqual({ content: once.content, changes: [] });
    expect(controllerDependentDevices(RHEL_FSTAB)).toEqual(['/dev/sda1', '/dev/sdb1']);
  });

  it('boot command lines: root= and resume= device names become UUIDs', () => {
    const cfg = 'linux /vmlinuz-4.18.0 root=/dev/sda2 ro resume=/dev/sda3 rhgb quiet\n';
    expect(rewriteBootDevices(cfg, { '/dev/sda2': 'aaaa', '/dev/sda3': 'bbbb' })).toEqual({ content: 'linux /vmlinuz-4.18.0 root=UUID=aaaa ro resume=UUID=bbbb rhgb quiet\n', replaced: 2 });
  });
});

describe('NIC map', () => {
  const captured = {
    hostname: 'web1',
    nameservers: ['10.20.30.2'],
    search: [],
    interfaces: [
      { name: 'ens192', mac: '00:50:56:ab:12:34', method: 'static' as const, addresses: ['10.20.30.40/24'], gateway: '10.20.30.1' },
      { name: 'ens224', mac: '00:50:56:ab:12:35', method: 'dhcp' as const, addresses: [] },
    ],
  };

  it('matches by source MAC, renames and re-addresses, keeps what the map does not say, drops unmapped NICs', () => {
    const target = applyNicMap(captured, [{ sourceMac: '00:50:56:AB:12:34', targetMac: '00:50:56:99:00:01', targetName: 'eth0', addresses: ['192.168.7.40/24'], gateway: '192.168.7.1' }]);
    expect(target.interfaces).toEqual([{ name: 'eth0', mac: '00:50:56:99:00:01', method: 'static', addresses: ['192.168.7.40/24'], gateway: '192.168.7.1' }]);
  });

  it('refuses a map entry that matches no captured NIC, naming what was captured', () => {
    expect(() => applyNicMap(captured, [{ sourceMac: '00:00:00:00:00:01', targetMac: '00:50:56:99:00:01' }])).toThrow(/matches no captured NIC; captured: ens192 \(00:50:56:ab:12:34\), ens224/);
  });

  it('refuses two target NICs with the same name', () => {
    expect(() =>
      applyNicMap(captured, [
        { sourceMac: '00:50:56:ab:12:34', targetMac: '00:50:56:99:00:01', targetName: 'eth0' },
        { sourceMac: '00:50:56:ab:12:35', targetMac: '00:50:56:99:00:02', targetName: 'eth0' },
      ]),
    ).toThrow(/two NICs the name eth0/);
  });

  it('pins names by MAC with a .link file per NIC and persistent-net udev rules', () => {
    const files = nicNamingFiles([{ name: 'eth0', mac: '00:50:56:99:00:01', method: 'dhcp', addresses: [] }]);
    expect(files.map((f) => f.path)).toEqual(['/etc/systemd/network/10-ferry-eth0.link', '/etc/udev/rules.d/70-persistent-net.rules']);
    expect(files[1]?.content).toContain('ATTR{address}=="00:50:56:99:00:01", ATTR{type}=="1", NAME="eth0"');
  });
});

describe('network files plan per distribution', () => {
  const target = { hostname: 'web1', nameservers: [], search: [], interfaces: [{ name: 'eth0', mac: '00:50:56:99:00:01', method: 'static' as const, addresses: ['192.168.7.40/24'], gateway: '192.168.7.1' }] };

  it('RHEL ifcfg: writes ifcfg-eth0 and removes the renamed NIC\'s ifcfg-ens192, keeping ifcfg-lo', () => {
    const files = mapFileView({
      '/etc/os-release': 'ID="rhel"\nVERSION_ID="8.3"\n',
      '/etc/sysconfig/network-scripts/ifcfg-ens192': sample('rhel8-ifcfg-ens192'),
      '/etc/sysconfig/network-scripts/ifcfg-lo': 'DEVICE=lo\n',
    });
    const plan = planNetworkFiles(detectDistribution(files), files, target);
    expect(plan.write.map((f) => f.path)).toEqual(['/etc/sysconfig/network-scripts/ifcfg-eth0']);
    expect(plan.remove).toEqual(['/etc/sysconfig/network-scripts/ifcfg-ens192']);
  });

  it('netplan: writes 01-ferry.yaml (mode 0600) and removes the installer file that configured the old NIC', () => {
    const files = mapFileView({ '/etc/os-release': 'ID=ubuntu\nID_LIKE=debian\n', '/etc/netplan/00-installer-config.yaml': sample('ubuntu-00-installer-config.yaml') });
    const plan = planNetworkFiles(detectDistribution(files), files, target);
    expect(plan.write.map((f) => [f.path, f.mode])).toEqual([['/etc/netplan/01-ferry.yaml', 0o600]]);
    expect(plan.remove).toEqual(['/etc/netplan/00-installer-config.yaml']);
  });

  it('NetworkManager: writes eth0.nmconnection and removes ens192.nmconnection', () => {
    const files = mapFileView({ '/etc/os-release': 'ID="rhel"\nVERSION_ID="9.2"\n', '/etc/NetworkManager/system-connections/ens192.nmconnection': sample('rhel9-ens192.nmconnection') });
    const plan = planNetworkFiles(detectDistribution(files), files, target);
    expect(plan.write.map((f) => f.path)).toEqual(['/etc/NetworkManager/system-connections/eth0.nmconnection']);
    expect(plan.remove).toEqual(['/etc/NetworkManager/system-connections/ens192.nmconnection']);
  });

  it('initramfs drivers: appends only the missing VMware drivers to initramfs-tools/modules; nothing when all are there', () => {
    const files = mapFileView({ '/etc/os-release': 'ID=debian\n', '/etc/initramfs-tools/modules': 'ext4\nvmw_pvscsi\n' });
    const config = initramfsDriverConfig(detectDistribution(files), files, 'vmware');
    expect(config?.content).toBe('ext4\nvmw_pvscsi\n# Ferry fixup: drivers for the vmware target\nvmxnet3\nmptspi\nahci\n');
    const after = mapFileView({ '/etc/os-release': 'ID=debian\n', '/etc/initramfs-tools/modules': config?.content ?? '' });
    expect(initramfsDriverConfig(detectDistribution(after), after, 'vmware')).toBeUndefined();
  });
});
