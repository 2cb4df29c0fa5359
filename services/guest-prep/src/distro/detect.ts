import { type FileView } from './file-view';
import { parseShellVars } from '../network/ifcfg';

/** Which family's tools and file formats a guest uses. */
export type DistroFamily = 'debian' | 'rhel' | 'suse' | 'unknown';

/** How the guest configures its network (the files the fixup rewrites). */
export type NetworkStyle = 'ifupdown' | 'netplan' | 'ifcfg' | 'networkmanager' | 'networkd' | 'unknown';

/** The result of {@link detectDistribution}. */
export interface Distribution {
  readonly id: string;
  readonly version: string;
  readonly family: DistroFamily;
  readonly prettyName: string;
  /** update-initramfs (Debian family), dracut (RHEL 6+, SUSE 12+), mkinitrd (older SUSE). */
  readonly initramfsTool: 'update-initramfs' | 'dracut' | 'mkinitrd' | 'unknown';
  readonly networkStyle: NetworkStyle;
}

const FAMILY_BY_ID: Record<string, DistroFamily> = {
  debian: 'debian', ubuntu: 'debian', linuxmint: 'debian', raspbian: 'debian',
  rhel: 'rhel', centos: 'rhel', fedora: 'rhel', rocky: 'rhel', almalinux: 'rhel', ol: 'rhel', amzn: 'rhel',
  sles: 'suse', sled: 'suse', opensuse: 'suse', 'opensuse-leap': 'suse', 'opensuse-tumbleweed': 'suse',
};

function familyOf(id: string, like: string): DistroFamily {
  for (const candidate of [id, ...like.split(/\s+/)]) {
    const family = FAMILY_BY_ID[candidate];
    if (family) return family;
  }
  return 'unknown';
}

/** Reads /etc/os-release, falling back to redhat-release, SuSE-release and debian_version. */
function identify(files: FileView): { id: string; version: string; like: string; pretty: string } {
  const osRelease = files.read('/etc/os-release') ?? files.read('/usr/lib/os-release');
  if (osRelease) {
    const v = parseShellVars(osRelease);
    return { id: (v.get('ID') ?? 'unknown').toLowerCase(), version: v.get('VERSION_ID') ?? '', like: (v.get('ID_LIKE') ?? '').toLowerCase(), pretty: v.get('PRETTY_NAME') ?? '' };
  }
  const redhat = files.read('/etc/redhat-release');
  if (redhat) {
    const version = /release\s+([\d.]+)/.exec(redhat)?.[1] ?? '';
    const id = /centos/i.test(redhat) ? 'centos' : 'rhel';
    return { id, version, like: 'rhel', pretty: redhat.trim() };
  }
  const suse = files.read('/etc/SuSE-release');
  if (suse) {
    const v = /VERSION\s*=\s*(\d+)/.exec(suse)?.[1] ?? '';
    const p = /PATCHLEVEL\s*=\s*(\d+)/.exec(suse)?.[1];
    return { id: 'sles', version: p ? `${v}.${p}` : v, like: 'suse', pretty: suse.split('\n')[0] ?? '' };
  }
  const debian = files.read('/etc/debian_version');
  if (debian) return { id: 'debian', version: debian.trim(), like: '', pretty: `Debian ${debian.trim()}` };
  return { id: 'unknown', version: '', like: '', pretty: '' };
}

function networkStyleOf(files: FileView, family: DistroFamily): NetworkStyle {
  if (files.list('/etc/netplan').some((f) => /\.ya?ml$/.test(f))) return 'netplan';
  if (files.list('/etc/NetworkManager/system-connections').some((f) => !f.startsWith('.'))) return 'networkmanager';
  if (files.list('/etc/sysconfig/network-scripts').some((f) => f.startsWith('ifcfg-') && f !== 'ifcfg-lo')) return 'ifcfg';
  if (files.list('/etc/sysconfig/network').some((f) => f.startsWith('ifcfg-') && f !== 'ifcfg-lo')) return 'ifcfg';
  const interfaces = files.read('/etc/network/interfaces');
  if (interfaces && /^\s*iface\s+(?!lo\s)/m.test(interfaces)) return 'ifupdown';
  if (files.list('/etc/systemd/network').some((f) => f.endsWith('.network'))) return 'networkd';
  if (family === 'debian' && interfaces !== undefined) return 'ifupdown';
  if (family === 'rhel' || family === 'suse') return 'ifcfg';
  return 'unknown';
}

function initramfsToolOf(files: FileView, family: DistroFamily): Distribution['initramfsTool'] {
  if (files.read('/usr/sbin/update-initramfs') !== undefined || family === 'debian') return 'update-initramfs';
  if (files.read('/usr/bin/dracut') !== undefined || files.read('/sbin/dracut') !== undefined) return 'dracut';
  if (files.read('/sbin/mkinitrd') !== undefined) return 'mkinitrd';
  return family === 'rhel' || family === 'suse' ? 'dracut' : 'unknown';
}

/** Identifies a guest's distribution, its family's tools and its network configuration style. */
export function detectDistribution(files: FileView): Distribution {
  const { id, version, like, pretty } = identify(files);
  const family = familyOf(id, like);
  return { id, version, family, prettyName: pretty, initramfsTool: initramfsToolOf(files, family), networkStyle: networkStyleOf(files, family) };
}
