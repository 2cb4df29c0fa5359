import { type Distribution } from '../distro/detect';
import { type FileView } from '../distro/file-view';
import { writeIfcfg } from '../network/ifcfg';
import { parseIfcfg } from '../network/ifcfg';
import { writeInterfaces } from '../network/interfaces';
import { parseKeyfile, writeKeyfile } from '../network/keyfile';
import { type NetworkConfig } from '../network/model';
import { writeNetplan } from '../network/netplan';
import { type GuestFile } from './nic-naming';

/** Files to write and to delete so the replica's network files describe the target's NICs. */
export interface NetworkFilesPlan {
  readonly style: Distribution['networkStyle'];
  readonly write: readonly GuestFile[];
  readonly remove: readonly string[];
}

const NM_DIR = '/etc/NetworkManager/system-connections';

/**
 * Plans the distribution's network files for `target`, in the format the replica already uses
 * (ifupdown, netplan, ifcfg, NetworkManager keyfiles). Files describing NICs the target no longer
 * has under that name (renamed or dropped) are removed, so nothing configures a missing NIC.
 */
export function planNetworkFiles(distro: Distribution, files: FileView, target: NetworkConfig): NetworkFilesPlan {
  const names = new Set(target.interfaces.map((n) => n.name));
  switch (distro.networkStyle) {
    case 'ifupdown':
      return {
        style: 'ifupdown',
        write: [{ path: '/etc/network/interfaces', content: writeInterfaces(target.interfaces) }],
        // interfaces.d stanzas would configure the old names again.
        remove: files.list('/etc/network/interfaces.d').filter((f) => /^\s*iface\s/m.test(files.read(`/etc/network/interfaces.d/${f}`) ?? '')).map((f) => `/etc/network/interfaces.d/${f}`),
      };
    case 'netplan':
      return {
        style: 'netplan',
        write: [{ path: '/etc/netplan/01-ferry.yaml', content: writeNetplan(target.interfaces, target.search), mode: 0o600 }],
        remove: files.list('/etc/netplan').filter((f) => /\.ya?ml$/.test(f) && f !== '01-ferry.yaml' && /ethernets:/.test(files.read(`/etc/netplan/${f}`) ?? '')).map((f) => `/etc/netplan/${f}`),
      };
    case 'ifcfg': {
      const dir = distro.family === 'suse' ? '/etc/sysconfig/network' : '/etc/sysconfig/network-scripts';
      const stale = files
        .list(dir)
        .filter((f) => f.startsWith('ifcfg-') && f !== 'ifcfg-lo')
        .filter((f) => {
          const nic = parseIfcfg(files.read(`${dir}/${f}`) ?? '', f);
          return nic !== undefined && !names.has(nic.name) && !f.endsWith('~');
        });
      const written = target.interfaces.map((n) => writeIfcfg(n));
      return {
        style: 'ifcfg',
        write: written.map((w) => ({ path: `${dir}/${w.fileName}`, content: w.content })),
        remove: stale.filter((f) => !written.some((w) => w.fileName === f)).map((f) => `${dir}/${f}`),
      };
    }
    case 'networkmanager': {
      const written = target.interfaces.map((n) => writeKeyfile(n));
      const stale = files.list(NM_DIR).filter((f) => {
        const nic = parseKeyfile(files.read(`${NM_DIR}/${f}`) ?? '');
        return nic !== undefined && !written.some((w) => w.fileName === f);
      });
      return {
        style: 'networkmanager',
        write: written.map((w) => ({ path: `${NM_DIR}/${w.fileName}`, content: w.content, mode: 0o600 })),
        remove: stale.map((f) => `${NM_DIR}/${f}`),
      };
    }
    default:
      return { style: distro.networkStyle, write: [], remove: [] };
  }
}
