/**
 * The network configuration of a guest, independent of how its distribution stores it. Captured
 * before migration (from the distribution's files and, when the guest runs, from iproute2) and
 * written back after migration by the writer for the target distribution's format.
 */
export interface NetworkConfig {
  readonly hostname: string;
  /** Resolver addresses (global, /etc/resolv.conf). */
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly interfaces: readonly NicConfig[];
  /**
   * The network files as the guest had them when captured, by guest path (ferry-prep.sh's list:
   * ifupdown, netplan, ifcfg, NetworkManager, systemd-networkd, resolv.conf, hostname, hosts).
   * Migrate back puts them back on the prem disk byte for byte.
   */
  readonly files?: Readonly<Record<string, string>>;
}

/** One NIC's configuration. */
export interface NicConfig {
  /** Kernel interface name, e.g. ens192, eth0. */
  readonly name: string;
  /** Lower-case colon-separated MAC, when known. */
  readonly mac?: string;
  readonly method: 'static' | 'dhcp' | 'manual';
  /** Addresses in CIDR form, e.g. 192.168.1.10/24. */
  readonly addresses: readonly string[];
  readonly gateway?: string;
  /** Per-interface resolvers (ifupdown dns-nameservers, ifcfg DNS1.., netplan nameservers). */
  readonly dns?: readonly string[];
  readonly mtu?: number;
  /** Bring it up at boot (ifupdown auto/allow-hotplug, ifcfg ONBOOT). Default true. */
  readonly onBoot?: boolean;
}

/** Netmask (255.255.255.0) to prefix length (24). */
export function netmaskToPrefix(mask: string): number {
  return mask
    .split('.')
    .map((o) => Number(o).toString(2).split('').filter((b) => b === '1').length)
    .reduce((a, b) => a + b, 0);
}

/** Prefix length (24) to netmask (255.255.255.0), IPv4 only. */
export function prefixToNetmask(prefix: number): string {
  const bits = prefix <= 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.');
}

/** Splits "10.0.0.5/24" into address and prefix; a bare IPv4 address gets /32 unless a mask is given. */
export function splitCidr(cidr: string, netmask?: string): { address: string; prefix: number } {
  const [address = '', prefix] = cidr.split('/');
  if (prefix !== undefined) return { address, prefix: Number(prefix) };
  if (netmask) return { address, prefix: netmaskToPrefix(netmask) };
  return { address, prefix: address.includes(':') ? 128 : 32 };
}

/** Normalises a MAC to lower case with colons. */
export function normalizeMac(mac: string): string {
  return mac.trim().toLowerCase().replace(/-/g, ':');
}
