import { createHash } from 'node:crypto';
import { type NicConfig, normalizeMac } from './model';

/** Parses an INI file into sections of key/value pairs (NetworkManager keyfile, systemd units). */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) {
      current = sections.get(header[1]) ?? new Map();
      sections.set(header[1], current);
    } else if (current && line.includes('=')) {
      current.set(line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim());
    }
  }
  return sections;
}

/**
 * NetworkManager keyfile (/etc/NetworkManager/system-connections/*.nmconnection), ethernet
 * connections only. Reads address1..N (`10.0.0.5/24,10.0.0.1` carries the gateway too), gateway,
 * dns (`;`-separated), mac-address (`[ethernet]`), interface-name. Returns undefined for others.
 */
export function parseKeyfile(text: string): NicConfig | undefined {
  const ini = parseIni(text);
  const conn = ini.get('connection');
  const type = conn?.get('type');
  if (type !== 'ethernet' && type !== '802-3-ethernet') return undefined;
  const ipv4 = ini.get('ipv4') ?? new Map<string, string>();
  const addresses: string[] = [];
  let gateway = ipv4.get('gateway');
  for (const [key, value] of [...ipv4.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
    if (!/^address(es)?\d*$/.test(key)) continue;
    for (const part of value.split(';').filter(Boolean)) {
      const [cidr = '', gw] = part.split(',');
      addresses.push(cidr.trim());
      if (gw && !gateway) gateway = gw.trim();
    }
  }
  const method = ipv4.get('method') === 'auto' ? 'dhcp' : addresses.length ? 'static' : 'manual';
  const mac = ini.get('ethernet')?.get('mac-address') ?? ini.get('802-3-ethernet')?.get('mac-address');
  const dns = (ipv4.get('dns') ?? '').split(/[;,]/).map((s) => s.trim()).filter(Boolean);
  const mtu = ini.get('ethernet')?.get('mtu');
  return {
    name: conn?.get('interface-name') ?? conn?.get('id') ?? 'unknown',
    method,
    addresses,
    onBoot: conn?.get('autoconnect') !== 'false',
    ...(mac ? { mac: normalizeMac(mac) } : {}),
    ...(gateway ? { gateway } : {}),
    ...(dns.length ? { dns } : {}),
    ...(mtu && mtu !== '0' ? { mtu: Number(mtu) } : {}),
  };
}

/** A stable UUID (v4 layout) from the NIC's name and MAC, so rewriting the same NIC keeps its uuid. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Writes one keyfile for a NIC: file `<name>.nmconnection`, mode 0600 (NetworkManager ignores others). */
export function writeKeyfile(nic: NicConfig): { fileName: string; content: string } {
  const lines = [
    '# Written by Ferry fixup from the captured configuration and the network map.',
    '[connection]',
    `id=${nic.name}`,
    `uuid=${stableUuid(`${nic.name}|${nic.mac ?? ''}`)}`,
    'type=ethernet',
    `interface-name=${nic.name}`,
  ];
  if (nic.onBoot === false) lines.push('autoconnect=false');
  lines.push('', '[ethernet]');
  if (nic.mac) lines.push(`mac-address=${nic.mac.toUpperCase()}`);
  if (nic.mtu) lines.push(`mtu=${nic.mtu}`);
  lines.push('', '[ipv4]');
  if (nic.method === 'dhcp') lines.push('method=auto');
  else if (nic.method === 'static') {
    lines.push('method=manual');
    nic.addresses.forEach((a, i) => lines.push(`address${i + 1}=${a}${i === 0 && nic.gateway ? `,${nic.gateway}` : ''}`));
  } else lines.push('method=disabled');
  if (nic.dns?.length) lines.push(`dns=${nic.dns.join(';')};`);
  lines.push('', '[ipv6]', 'method=ignore', '');
  return { fileName: `${nic.name}.nmconnection`, content: lines.join('\n') };
}
