import { type NicConfig, normalizeMac, splitCidr } from './model';

/** Parses KEY=value shell-assignment files (ifcfg-*, /etc/sysconfig/network), quotes removed. */
export function parseShellVars(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    if (!m?.[1]) continue;
    vars.set(m[1].toUpperCase(), (m[2] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2'));
  }
  return vars;
}

/**
 * RHEL/CentOS/SUSE ifcfg files (/etc/sysconfig/network-scripts/ifcfg-<name>). `fileName` gives the
 * name when DEVICE is missing. SUSE's IPADDR='10.0.0.5/24' form and RHEL's IPADDR+PREFIX/NETMASK
 * (and IPADDR1, PREFIX1, ...) are both read. Returns undefined for the loopback file.
 */
export function parseIfcfg(text: string, fileName: string): NicConfig | undefined {
  const v = parseShellVars(text);
  // Not NAME: on SUSE it is the adapter's description, on RHEL the connection's name.
  const name = v.get('DEVICE') ?? fileName.replace(/^.*ifcfg-/, '');
  if (name === 'lo') return undefined;
  const proto = (v.get('BOOTPROTO') ?? 'none').toLowerCase();
  const addresses: string[] = [];
  for (const suffix of ['', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) {
    const ip = v.get(`IPADDR${suffix}`);
    if (!ip) continue;
    const prefix = v.get(`PREFIX${suffix}`);
    const { address, prefix: p } = splitCidr(prefix ? `${ip}/${prefix}` : ip, v.get(`NETMASK${suffix}`));
    addresses.push(`${address}/${p}`);
  }
  const dns = ['DNS1', 'DNS2', 'DNS3'].map((k) => v.get(k)).filter((d): d is string => !!d);
  const mac = v.get('HWADDR') ?? v.get('MACADDR');
  const gateway = v.get('GATEWAY');
  const mtu = v.get('MTU');
  const onboot = (v.get('ONBOOT') ?? v.get('STARTMODE') ?? 'yes').toLowerCase();
  return {
    name,
    method: proto === 'dhcp' ? 'dhcp' : addresses.length ? 'static' : 'manual',
    addresses,
    onBoot: onboot === 'yes' || onboot === 'auto' || onboot === 'onboot',
    ...(mac ? { mac: normalizeMac(mac) } : {}),
    ...(gateway ? { gateway } : {}),
    ...(dns.length ? { dns } : {}),
    ...(mtu ? { mtu: Number(mtu) } : {}),
  };
}

/** Writes one RHEL-style ifcfg file for a NIC (file name: ifcfg-<name>). */
export function writeIfcfg(nic: NicConfig): { fileName: string; content: string } {
  const lines = [
    '# Written by Ferry fixup from the captured configuration and the network map.',
    `DEVICE=${nic.name}`,
    `NAME=${nic.name}`,
    'TYPE=Ethernet',
    `BOOTPROTO=${nic.method === 'dhcp' ? 'dhcp' : 'none'}`,
    `ONBOOT=${nic.onBoot === false ? 'no' : 'yes'}`,
  ];
  if (nic.mac) lines.push(`HWADDR=${nic.mac}`);
  nic.addresses.forEach((cidr, i) => {
    const { address, prefix } = splitCidr(cidr);
    const n = i === 0 ? '' : String(i);
    lines.push(`IPADDR${n}=${address}`, `PREFIX${n}=${prefix}`);
  });
  if (nic.gateway) lines.push(`GATEWAY=${nic.gateway}`);
  (nic.dns ?? []).slice(0, 3).forEach((d, i) => lines.push(`DNS${i + 1}=${d}`));
  if (nic.mtu) lines.push(`MTU=${nic.mtu}`);
  return { fileName: `ifcfg-${nic.name}`, content: lines.join('\n') + '\n' };
}
