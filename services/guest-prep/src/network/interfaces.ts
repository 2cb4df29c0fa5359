import { type NicConfig, normalizeMac, prefixToNetmask, splitCidr } from './model';

/**
 * Debian/Ubuntu ifupdown: /etc/network/interfaces (interfaces(5)). Parses `auto`/`allow-hotplug`
 * and `iface <name> inet <method>` stanzas with their options; skips the loopback stanza.
 * `source` lines are not followed (the capture carries interfaces.d files separately).
 */
export function parseInterfaces(text: string): NicConfig[] {
  const onBoot = new Set<string>();
  const stanzas = new Map<string, { method: NicConfig['method']; options: Map<string, string> }>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [word = '', ...rest] = line.split(/\s+/);
    if (word === 'auto' || word.startsWith('allow-')) {
      rest.forEach((n) => onBoot.add(n));
      current = undefined;
    } else if (word === 'iface') {
      const [name = '', family = '', method = ''] = rest;
      current = undefined;
      if (family !== 'inet' || method === 'loopback') continue;
      const options = new Map<string, string>();
      stanzas.set(name, { method: method === 'static' || method === 'dhcp' ? method : 'manual', options });
      current = options;
    } else if (word === 'mapping' || word === 'source' || word === 'source-directory') {
      current = undefined;
    } else if (current) {
      current.set(word, rest.join(' '));
    }
  }
  return [...stanzas.entries()].map(([name, { method, options }]) => {
    const address = options.get('address');
    const hw = options.get('hwaddress')?.split(/\s+/).pop();
    const dns = options.get('dns-nameservers')?.split(/\s+/).filter(Boolean);
    const mtu = options.get('mtu');
    const gateway = options.get('gateway');
    return {
      name,
      method,
      addresses: address ? [cidrOf(address, options.get('netmask'))] : [],
      onBoot: onBoot.has(name),
      ...(hw ? { mac: normalizeMac(hw) } : {}),
      ...(gateway ? { gateway } : {}),
      ...(dns?.length ? { dns } : {}),
      ...(mtu ? { mtu: Number(mtu) } : {}),
    };
  });
}

function cidrOf(address: string, netmask?: string): string {
  const { address: a, prefix } = splitCidr(address, netmask);
  return `${a}/${prefix}`;
}

/** Writes a complete /etc/network/interfaces for the given NICs (loopback included). */
export function writeInterfaces(nics: readonly NicConfig[]): string {
  const out = [
    '# Written by Ferry fixup from the captured configuration and the network map.',
    '# The loopback network interface',
    'auto lo',
    'iface lo inet loopback',
  ];
  for (const nic of nics) {
    out.push('');
    if (nic.onBoot !== false) out.push(`auto ${nic.name}`);
    out.push(`iface ${nic.name} inet ${nic.method}`);
    const [first, ...more] = nic.addresses;
    if (nic.method === 'static' && first) {
      const { address, prefix } = splitCidr(first);
      out.push(`\taddress ${address}/${prefix}`);
      if (nic.gateway) out.push(`\tgateway ${nic.gateway}`);
    }
    if (nic.mac) out.push(`\thwaddress ether ${nic.mac}`);
    if (nic.mtu) out.push(`\tmtu ${nic.mtu}`);
    if (nic.dns?.length) out.push(`\tdns-nameservers ${nic.dns.join(' ')}`);
    for (const extra of nic.method === 'static' ? more : []) {
      // ifupdown takes extra IPv4 addresses as further `iface` stanzas of the same name.
      const { address, prefix } = splitCidr(extra);
      out.push('', `iface ${nic.name} inet static`, `\taddress ${address}/${prefix}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Netmask spelled out, for formats that need it. */
export { prefixToNetmask };
