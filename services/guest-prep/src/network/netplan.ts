import { parse, stringify } from 'yaml';
import { type NicConfig, normalizeMac } from './model';

interface NetplanEthernet {
  match?: { macaddress?: string; name?: string };
  'set-name'?: string;
  dhcp4?: boolean | string;
  addresses?: string[];
  gateway4?: string;
  routes?: Array<{ to?: string; via?: string }>;
  nameservers?: { addresses?: string[]; search?: string[] };
  mtu?: number;
  macaddress?: string;
  optional?: boolean;
}

/**
 * Ubuntu netplan (/etc/netplan/*.yaml), `network.ethernets` only. The interface name is
 * `set-name`, else `match.name` when it is not a glob, else the netplan id. The default route
 * comes from `gateway4` (deprecated but common) or a `routes` entry to default/0.0.0.0/0.
 */
export function parseNetplan(text: string): NicConfig[] {
  const doc = parse(text) as { network?: { ethernets?: Record<string, NetplanEthernet> } } | null;
  const ethernets = doc?.network?.ethernets ?? {};
  return Object.entries(ethernets).map(([id, e]) => {
    const matchName = e.match?.name && !/[*?[]/.test(e.match.name) ? e.match.name : undefined;
    const dhcp = e.dhcp4 === true || e.dhcp4 === 'true' || e.dhcp4 === 'yes';
    const addresses = (e.addresses ?? []).filter((a) => !a.includes(':'));
    const gateway = e.gateway4 ?? e.routes?.find((r) => r.to === 'default' || r.to === '0.0.0.0/0')?.via;
    const mac = e.match?.macaddress ?? e.macaddress;
    const dns = e.nameservers?.addresses;
    return {
      name: e['set-name'] ?? matchName ?? id,
      method: dhcp ? 'dhcp' : addresses.length ? 'static' : 'manual',
      addresses,
      onBoot: e.optional !== true,
      ...(mac ? { mac: normalizeMac(mac) } : {}),
      ...(gateway ? { gateway } : {}),
      ...(dns?.length ? { dns } : {}),
      ...(e.mtu ? { mtu: e.mtu } : {}),
    };
  });
}

/** Writes one netplan file (version 2) with every NIC matched by MAC and named with set-name. */
export function writeNetplan(nics: readonly NicConfig[], search: readonly string[] = []): string {
  const ethernets: Record<string, NetplanEthernet> = {};
  for (const nic of nics) {
    const e: NetplanEthernet = {};
    if (nic.mac) {
      e.match = { macaddress: nic.mac };
      e['set-name'] = nic.name;
    }
    e.dhcp4 = nic.method === 'dhcp';
    if (nic.method === 'static' && nic.addresses.length) e.addresses = [...nic.addresses];
    if (nic.gateway && nic.method === 'static') e.routes = [{ to: 'default', via: nic.gateway }];
    if (nic.dns?.length || search.length) {
      e.nameservers = { ...(nic.dns?.length ? { addresses: [...nic.dns] } : {}), ...(search.length ? { search: [...search] } : {}) };
    }
    if (nic.mtu) e.mtu = nic.mtu;
    if (nic.onBoot === false) e.optional = true;
    ethernets[nic.name] = e;
  }
  return (
    '# Written by Ferry fixup from the captured configuration and the network map.\n' +
    stringify({ network: { version: 2, ethernets } })
  );
}
