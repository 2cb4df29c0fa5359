import { parseIfcfg, writeIfcfg } from './ifcfg';
import { sample } from '../../test/samples';

describe('ifcfg files (RHEL/CentOS/SUSE)', () => {
  it('given a RHEL 8 NetworkManager-written ifcfg, parse reads address/prefix, gateway, DNS and the MAC (lower-cased)', () => {
    expect(parseIfcfg(sample('rhel8-ifcfg-ens192'), 'ifcfg-ens192')).toEqual({
      name: 'ens192', method: 'static', addresses: ['10.20.30.40/24'], gateway: '10.20.30.1', dns: ['10.20.30.2', '8.8.8.8'], mac: '00:50:56:ab:12:34', onBoot: true,
    });
  });

  it('given a quoted RHEL 6 ifcfg with NETMASK, parse converts the mask to a prefix', () => {
    expect(parseIfcfg(sample('rhel6-ifcfg-eth0'), 'ifcfg-eth0')).toEqual({
      name: 'eth0', method: 'static', addresses: ['172.16.5.10/16'], gateway: '172.16.0.1', mac: '00:50:56:9a:00:01', onBoot: true,
    });
  });

  it("given a SUSE ifcfg (CIDR in IPADDR, STARTMODE, descriptive NAME), the name comes from the file name", () => {
    expect(parseIfcfg(sample('suse-ifcfg-eth0'), 'ifcfg-eth0')).toEqual({ name: 'eth0', method: 'static', addresses: ['192.168.50.7/24'], mtu: 9000, onBoot: true });
  });

  it('ignores the loopback file', () => {
    expect(parseIfcfg('DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nONBOOT=yes\n', 'ifcfg-lo')).toBeUndefined();
  });

  it('when writing a NIC with two addresses, it numbers the second (IPADDR1/PREFIX1) and names the file after the NIC', () => {
    const { fileName, content } = writeIfcfg({ name: 'lan0', mac: '00:50:56:01:02:03', method: 'static', addresses: ['10.1.0.5/24', '10.1.1.5/24'], gateway: '10.1.0.1', dns: ['10.1.0.2'] });
    expect(fileName).toBe('ifcfg-lan0');
    expect(content).toBe(
      '# Written by Ferry fixup from the captured configuration and the network map.\nDEVICE=lan0\nNAME=lan0\nTYPE=Ethernet\nBOOTPROTO=none\nONBOOT=yes\nHWADDR=00:50:56:01:02:03\nIPADDR=10.1.0.5\nPREFIX=24\nIPADDR1=10.1.1.5\nPREFIX1=24\nGATEWAY=10.1.0.1\nDNS1=10.1.0.2\n',
    );
    expect(parseIfcfg(content, fileName)).toEqual({ name: 'lan0', mac: '00:50:56:01:02:03', method: 'static', addresses: ['10.1.0.5/24', '10.1.1.5/24'], gateway: '10.1.0.1', dns: ['10.1.0.2'], onBoot: true });
  });

  it('writes DHCP as BOOTPROTO=dhcp with no addresses', () => {
    expect(writeIfcfg({ name: 'eth1', method: 'dhcp', addresses: [] }).content).toContain('BOOTPROTO=dhcp\nONBOOT=yes\n');
  });
});
