import { type FileView, mapFileView } from '../distro/file-view';
import { parseIfcfg } from './ifcfg';
import { parseInterfaces } from './interfaces';
import { parseKeyfile } from './keyfile';
import { type NetworkConfig, type NicConfig, normalizeMac } from './model';
import { parseNetplan } from './netplan';

/** The raw document ferry-prep.sh writes to <state>/network.json. */
export interface RawNetworkCapture {
  readonly capturedBy: string;
  readonly offline: boolean;
  readonly hostname: string;
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly live: { link: LiveLink[] | null; addr: LiveAddr[] | null; route: LiveRoute[] | null };
  readonly files: Readonly<Record<string, string>>;
}

interface LiveLink { ifname: string; address?: string; link_type?: string; mtu?: number }
interface LiveAddr { ifname: string; address?: string; addr_info?: Array<{ family: string; local: string; prefixlen: number; scope?: string }> }
interface LiveRoute { dst: string; gateway?: string; dev?: string }

/** Reads every NIC the guest's network files define, whatever their format. */
export function nicsFromFiles(files: FileView): NicConfig[] {
  const nics: NicConfig[] = [];
  const interfaces = files.read('/etc/network/interfaces');
  if (interfaces) nics.push(...parseInterfaces(interfaces));
  for (const f of files.list('/etc/network/interfaces.d')) nics.push(...parseInterfaces(files.read(`/etc/network/interfaces.d/${f}`) ?? ''));
  for (const f of files.list('/etc/netplan').filter((n) => /\.ya?ml$/.test(n))) nics.push(...parseNetplan(files.read(`/etc/netplan/${f}`) ?? ''));
  for (const dir of ['/etc/sysconfig/network-scripts', '/etc/sysconfig/network']) {
    for (const f of files.list(dir).filter((n) => n.startsWith('ifcfg-'))) {
      const nic = parseIfcfg(files.read(`${dir}/${f}`) ?? '', f);
      if (nic) nics.push(nic);
    }
  }
  for (const f of files.list('/etc/NetworkManager/system-connections')) {
    const nic = parseKeyfile(files.read(`/etc/NetworkManager/system-connections/${f}`) ?? '');
    if (nic) nics.push(nic);
  }
  // The same NIC may appear in several formats (e.g. ifcfg plus keyfile): the first one wins.
  const seen = new Set<string>();
  return nics.filter((n) => (seen.has(n.name) ? false : (seen.add(n.name), true)));
}

/** Parses resolv.conf nameserver/search lines. */
export function parseResolvConf(text: string): { nameservers: string[]; search: string[] } {
  const nameservers: string[] = [];
  const search: string[] = [];
  for (const line of text.split('\n')) {
    const [key, ...values] = line.trim().split(/\s+/);
    if (key === 'nameserver' && values[0]) nameservers.push(values[0]);
    if (key === 'search' || key === 'domain') search.push(...values);
  }
  return { nameservers, search };
}

/**
 * Turns the guest tool's raw capture into the NetworkConfig model: NICs from the distribution's
 * files, with MACs (and, for DHCP or unconfigured NICs, addresses) taken from the live state when
 * the guest was running.
 */
export function normalizeCapture(raw: RawNetworkCapture): NetworkConfig {
  const files = mapFileView(raw.files);
  const fromFiles = nicsFromFiles(files);
  const liveMac = new Map((raw.live.link ?? []).filter((l) => l.link_type !== 'loopback' && l.address).map((l) => [l.ifname, normalizeMac(l.address ?? '')]));
  const liveAddrs = new Map(
    (raw.live.addr ?? []).map((a) => [a.ifname, (a.addr_info ?? []).filter((i) => i.family === 'inet').map((i) => `${i.local}/${i.prefixlen}`)]),
  );
  const defaultVia = new Map((raw.live.route ?? []).filter((r) => r.dst === 'default' && r.gateway && r.dev).map((r) => [r.dev ?? '', r.gateway ?? '']));
  const interfaces: NicConfig[] = fromFiles.map((nic) => {
    const mac = nic.mac ?? liveMac.get(nic.name);
    return mac ? { ...nic, mac } : nic;
  });
  // NICs that are up but in no file (configured by hand or by cloud-init at run time).
  for (const [name, mac] of liveMac) {
    if (interfaces.some((n) => n.name === name)) continue;
    const addresses = liveAddrs.get(name) ?? [];
    const gateway = defaultVia.get(name);
    interfaces.push({ name, mac, method: addresses.length ? 'static' : 'manual', addresses, ...(gateway ? { gateway } : {}) });
  }
  const resolv = parseResolvConf(raw.files['/etc/resolv.conf'] ?? '');
  return {
    hostname: raw.hostname.trim(),
    nameservers: raw.nameservers.length ? [...raw.nameservers] : resolv.nameservers,
    search: raw.search.length ? [...raw.search] : resolv.search,
    interfaces,
    files: { ...raw.files },
  };
}
