import { parse } from 'yaml';
import { parseNetplan, writeNetplan } from './netplan';
import { sample } from '../../test/samples';

describe('netplan (Ubuntu)', () => {
  it('given a subiquity installer file, parse reads addresses, gateway4 and nameservers', () => {
    expect(parseNetplan(sample('ubuntu-00-installer-config.yaml'))).toEqual([
      { name: 'ens160', method: 'static', addresses: ['10.0.40.15/24'], gateway: '10.0.40.1', dns: ['10.0.40.2', '1.1.1.1'], onBoot: true },
    ]);
  });

  it('given a cloud-init file with match/set-name and a default route, parse reads names, MACs and the route', () => {
    expect(parseNetplan(sample('ubuntu-50-cloud-init.yaml'))).toEqual([
      { name: 'eth0', method: 'dhcp', addresses: [], mac: '00:50:56:a1:b2:c3', onBoot: true },
      { name: 'eth1', method: 'static', addresses: ['192.168.100.5/24'], mac: '00:50:56:a1:b2:c4', gateway: '192.168.100.1', mtu: 1500, onBoot: true },
    ]);
  });

  it('when writing, each NIC is matched by MAC and named with set-name; the default route uses routes (not gateway4)', () => {
    const text = writeNetplan([{ name: 'lan0', mac: '00:50:56:01:02:03', method: 'static', addresses: ['10.9.0.4/24'], gateway: '10.9.0.1', dns: ['10.9.0.2'] }], ['corp.example']);
    expect(parse(text)).toEqual({
      network: {
        version: 2,
        ethernets: {
          lan0: {
            match: { macaddress: '00:50:56:01:02:03' },
            'set-name': 'lan0',
            dhcp4: false,
            addresses: ['10.9.0.4/24'],
            routes: [{ to: 'default', via: '10.9.0.1' }],
            nameservers: { addresses: ['10.9.0.2'], search: ['corp.example'] },
          },
        },
      },
    });
  });

  it('round trip: written then parsed gives the same NICs', () => {
    const nics = [
      { name: 'eth0', mac: '00:50:56:aa:00:01', method: 'dhcp' as const, addresses: [], onBoot: true },
      { name: 'eth1', mac: '00:50:56:aa:00:02', method: 'static' as const, addresses: ['192.0.2.10/24'], gateway: '192.0.2.1', mtu: 9000, onBoot: true },
    ];
    expect(parseNetplan(writeNetplan(nics))).toEqual(nics);
  });
});
