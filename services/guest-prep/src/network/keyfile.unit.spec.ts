import { parseIni, parseKeyfile, stableUuid, writeKeyfile } from './keyfile';
import { sample } from '../../test/samples';

describe('NetworkManager keyfiles', () => {
  it('given a RHEL 9 keyfile, parse reads address1 with its gateway, DNS list and the upper-case MAC', () => {
    expect(parseKeyfile(sample('rhel9-ens192.nmconnection'))).toEqual({
      name: 'ens192', method: 'static', addresses: ['10.50.0.20/22'], gateway: '10.50.0.1', dns: ['10.50.0.2', '10.50.0.3'], mac: '00:50:56:b3:44:55', onBoot: true,
    });
  });

  it('ignores connections that are not ethernet (e.g. wifi, bridge)', () => {
    expect(parseKeyfile('[connection]\nid=home\ntype=wifi\n')).toBeUndefined();
  });

  it('when writing, the file is named after the NIC, matches its MAC and keeps a stable uuid across rewrites', () => {
    const nic = { name: 'lan0', mac: '52:54:00:fe:77:01', method: 'static' as const, addresses: ['10.0.2.77/24'], gateway: '10.0.2.2', dns: ['10.0.2.3'] };
    const first = writeKeyfile(nic);
    expect(first.fileName).toBe('lan0.nmconnection');
    const ini = parseIni(first.content);
    expect(Object.fromEntries(ini.get('connection') ?? [])).toEqual({ id: 'lan0', uuid: stableUuid('lan0|52:54:00:fe:77:01'), type: 'ethernet', 'interface-name': 'lan0' });
    expect(ini.get('ethernet')?.get('mac-address')).toBe('52:54:00:FE:77:01');
    expect(Object.fromEntries(ini.get('ipv4') ?? [])).toEqual({ method: 'manual', address1: '10.0.2.77/24,10.0.2.2', dns: '10.0.2.3;' });
    expect(writeKeyfile(nic)).toEqual(first);
    expect(stableUuid('lan0|52:54:00:fe:77:01')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('round trip: written then parsed gives the same NIC', () => {
    const nic = { name: 'eth0', mac: '00:50:56:aa:00:01', method: 'dhcp' as const, addresses: [], onBoot: true };
    expect(parseKeyfile(writeKeyfile(nic).content)).toEqual(nic);
  });
});
