import { normalizeCapture, type RawNetworkCapture } from './capture';
import { sample } from '../../test/samples';

describe('normalizeCapture (ferry-prep.sh network.json to the NetworkConfig model)', () => {
  it('given an offline capture of ifupdown files, it reads the NICs from the files (no MACs known)', () => {
    const raw: RawNetworkCapture = {
      capturedBy: 'ferry-prep',
      offline: true,
      hostname: 'db1\n',
      nameservers: ['192.168.10.2'],
      search: ['corp.example'],
      live: { link: null, addr: null, route: null },
      files: { '/etc/network/interfaces': sample('debian-interfaces'), '/etc/resolv.conf': 'nameserver 192.168.10.2\nsearch corp.example\n' },
    };
    expect(normalizeCapture(raw)).toEqual({
      hostname: 'db1',
      nameservers: ['192.168.10.2'],
      search: ['corp.example'],
      interfaces: [
        { name: 'ens192', method: 'static', addresses: ['192.168.10.21/24'], gateway: '192.168.10.1', dns: ['192.168.10.2', '192.168.10.3'], onBoot: true },
        { name: 'ens224', method: 'dhcp', addresses: [], onBoot: true },
      ],
      // Kept byte for byte: migrate back puts them back on the prem disk.
      files: raw.files,
    });
  });

  it('given a live capture, MACs come from `ip -j link` and a NIC configured in no file is kept with its live address and default route', () => {
    const raw: RawNetworkCapture = {
      capturedBy: 'ferry-prep',
      offline: false,
      hostname: 'web1',
      nameservers: [],
      search: [],
      live: {
        link: [
          { ifname: 'lo', address: '00:00:00:00:00:00', link_type: 'loopback' },
          { ifname: 'ens160', address: '00:50:56:9A:10:01', link_type: 'ether' },
          { ifname: 'ens192', address: '00:50:56:9a:10:02', link_type: 'ether' },
        ],
        addr: [{ ifname: 'ens192', addr_info: [{ family: 'inet', local: '172.20.0.9', prefixlen: 16 }, { family: 'inet6', local: 'fe80::1', prefixlen: 64 }] }],
        route: [{ dst: 'default', gateway: '172.20.0.1', dev: 'ens192' }],
      },
      files: { '/etc/netplan/00-installer-config.yaml': sample('ubuntu-00-installer-config.yaml'), '/etc/resolv.conf': 'nameserver 127.0.0.53\n' },
    };
    const config = normalizeCapture(raw);
    expect(config.nameservers).toEqual(['127.0.0.53']);
    expect(config.interfaces).toEqual([
      { name: 'ens160', mac: '00:50:56:9a:10:01', method: 'static', addresses: ['10.0.40.15/24'], gateway: '10.0.40.1', dns: ['10.0.40.2', '1.1.1.1'], onBoot: true },
      { name: 'ens192', mac: '00:50:56:9a:10:02', method: 'static', addresses: ['172.20.0.9/16'], gateway: '172.20.0.1' },
    ]);
  });
});
