import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectDistribution } from './detect';
import { mapFileView } from './file-view';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', name), 'utf8');

describe('detectDistribution', () => {
  it.each([
    ['os/debian-12.os-release', { id: 'debian', version: '12', family: 'debian', initramfsTool: 'update-initramfs' }],
    ['os/ubuntu-22.04.os-release', { id: 'ubuntu', version: '22.04', family: 'debian', initramfsTool: 'update-initramfs' }],
    ['os/rhel-8.3.os-release', { id: 'rhel', version: '8.3', family: 'rhel', initramfsTool: 'dracut' }],
    ['os/centos-7.os-release', { id: 'centos', version: '7', family: 'rhel', initramfsTool: 'dracut' }],
    ['os/sles-15-sp5.os-release', { id: 'sles', version: '15.5', family: 'suse', initramfsTool: 'dracut' }],
  ])('given /etc/os-release from %s, it names the distribution and its family', (file, expected) => {
    expect(detectDistribution(mapFileView({ '/etc/os-release': fixture(file) }))).toMatchObject(expected);
  });

  it('given only /etc/redhat-release (RHEL 6), it reads the release line', () => {
    const d = detectDistribution(mapFileView({ '/etc/redhat-release': fixture('os/rhel-6.10.redhat-release'), '/sbin/dracut': '#!/bin/bash' }));
    expect(d).toMatchObject({ id: 'rhel', version: '6.10', family: 'rhel', initramfsTool: 'dracut', networkStyle: 'ifcfg' });
  });

  it('given only /etc/SuSE-release (SLES 11), it reads VERSION and PATCHLEVEL', () => {
    const d = detectDistribution(mapFileView({ '/etc/SuSE-release': fixture('os/sles-11.SuSE-release'), '/sbin/mkinitrd': '#!/bin/bash' }));
    expect(d).toMatchObject({ id: 'sles', version: '11.4', family: 'suse', initramfsTool: 'mkinitrd' });
  });

  it('given no release file at all, it says unknown rather than guessing', () => {
    expect(detectDistribution(mapFileView({}))).toMatchObject({ id: 'unknown', family: 'unknown', networkStyle: 'unknown' });
  });

  it.each([
    [{ '/etc/network/interfaces': fixture('net/debian-interfaces') }, 'ifupdown'],
    [{ '/etc/network/interfaces': 'auto lo\niface lo inet loopback\n', '/etc/netplan/00-installer-config.yaml': fixture('net/ubuntu-00-installer-config.yaml') }, 'netplan'],
    [{ '/etc/sysconfig/network-scripts/ifcfg-ens192': fixture('net/rhel8-ifcfg-ens192'), '/etc/sysconfig/network-scripts/ifcfg-lo': 'DEVICE=lo' }, 'ifcfg'],
    [{ '/etc/NetworkManager/system-connections/ens192.nmconnection': fixture('net/rhel9-ens192.nmconnection') }, 'networkmanager'],
    [{ '/etc/systemd/network/20-wired.network': '[Match]\nName=en*\n[Network]\nDHCP=yes\n' }, 'networkd'],
  ])('given the network files %#, it picks the style the fixup must write (%s)', (files, style) => {
    expect(detectDistribution(mapFileView({ '/etc/os-release': fixture('os/debian-12.os-release'), ...files })).networkStyle).toBe(style);
  });
});
