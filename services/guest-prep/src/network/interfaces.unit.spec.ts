import { parseInterfaces, writeInterfaces } from './interfaces';
import { sample } from '../../test/samples';

describe('ifupdown /etc/network/interfaces', () => {
  it('given a Debian installer file with a static and a DHCP NIC, parse reads both (netmask to prefix, DNS, boot mode)', () => {
    expect(parseInterfaces(sample('debian-interfaces'))).toEqual([
      { name: 'ens192', method: 'static', addresses: ['192.168.10.21/24'], gateway: '192.168.10.1', dns: ['192.168.10.2', '192.168.10.3'], onBoot: true },
      { name: 'ens224', method: 'dhcp', addresses: [], onBoot: true },
    ]);
  });

  it('when writing a renamed, re-addressed NIC, the file has loopback, auto, address/prefix, gateway, MAC and DNS', () => {
    const text = writeInterfaces([{ name: 'lan0', mac: '52:54:00:fe:77:01', method: 'static', addresses: ['10.0.2.77/24'], gateway: '10.0.2.2', dns: ['10.0.2.3'] }]);
    expect(text).toBe(
      [
        '# Written by Ferry fixup from the captured configuration and the network map.',
        '# The loopback network interface',
        'auto lo',
        'iface lo inet loopback',
        '',
        'auto lan0',
        'iface lan0 inet static',
        '\taddress 10.0.2.77/24',
        '\tgateway 10.0.2.2',
        '\thwaddress ether 52:54:00:fe:77:01',
        '\tdns-nameservers 10.0.2.3',
        '',
      ].join('\n'),
    );
  });

  it('round trip: what the writer writes, the parser reads back as the same NICs', () => {
    const nics = [
      { name: 'eth0', mac: '00:50:56:aa:bb:cc', method: 'static' as const, addresses: ['172.16.1.5/16'], gateway: '172.16.0.1', dns: ['172.16.0.2'], mtu: 9000, onBoot: true },
      { name: 'eth1', method: 'dhcp' as const, addresses: [], onBoot: false },
    ];
    expect(parseInterfaces(writeInterfaces(nics))).toEqual(nics);
  });
});
