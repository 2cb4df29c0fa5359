// The NIC map for a replica whose control plane knows only the VM's NICs (MAC, network): each NIC
// is matched to the captured NIC with its MAC, else, when the replica's files name no MACs (the
// usual ifupdown/netplan case), to the next captured NIC by position. Pure.
import { type NetworkConfig, normalizeMac } from '../network/model';
import { type NicMapping } from '../fixup/inputs';

/** One NIC of the migrated VM (proto ferry.guestprep.v1.ReplicaNic, decoded). */
export interface ReplicaNic {
  readonly mac: string;
  readonly targetNetwork: string;
  readonly addresses?: readonly string[];
  readonly gateway?: string;
  readonly method?: 'static' | 'dhcp';
}

/** The mappings for stage 1, and one line per NIC saying how it was matched. */
export interface NicMatch {
  readonly mappings: NicMapping[];
  readonly notes: string[];
}

export function matchNics(captured: NetworkConfig, nics: readonly ReplicaNic[]): NicMatch {
  const mappings: NicMapping[] = [];
  const notes: string[] = [];
  const used = new Set<string>();
  const byMac = (mac: string) => captured.interfaces.find((n) => n.mac !== undefined && normalizeMac(n.mac) === mac);
  for (const nic of nics) {
    const mac = normalizeMac(nic.mac);
    const where = `NIC ${mac}${nic.targetNetwork ? ` (${nic.targetNetwork})` : ''}`;
    const extra: Partial<NicMapping> = {
      ...(nic.addresses?.length ? { addresses: nic.addresses } : {}),
      ...(nic.gateway ? { gateway: nic.gateway } : {}),
      ...(nic.method ? { method: nic.method } : {}),
    };
    const same = byMac(mac);
    if (same) {
      used.add(same.name);
      mappings.push({ sourceMac: mac, targetMac: mac, ...extra });
      notes.push(`${where} is ${same.name} by MAC`);
      continue;
    }
    const next = captured.interfaces.find((n) => n.mac === undefined && !used.has(n.name));
    if (next) {
      used.add(next.name);
      mappings.push({ sourceName: next.name, targetMac: mac, ...extra });
      notes.push(`${where} is ${next.name} by position (the replica's files name no MAC)`);
      continue;
    }
    notes.push(`${where} matches no configured NIC of the replica: left unconfigured (configure it after boot)`);
  }
  return { mappings, notes };
}
