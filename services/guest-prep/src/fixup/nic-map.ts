import { ValidationError } from '@ferry/errors';
import { type NetworkConfig, type NicConfig, normalizeMac } from '../network/model';
import { type NicMapping } from './inputs';

/**
 * The target's network configuration: each mapped NIC is the captured NIC (found by MAC, else by
 * name) with the target's MAC, and the new name/addresses/gateway/method where the map gives them.
 * Captured NICs that no mapping names are dropped (the target VM has no such adapter).
 */
export function applyNicMap(captured: NetworkConfig, mappings: readonly NicMapping[]): NetworkConfig {
  const interfaces: NicConfig[] = mappings.map((m) => {
    const source = captured.interfaces.find((n) =>
      m.sourceMac && n.mac ? normalizeMac(n.mac) === normalizeMac(m.sourceMac) : m.sourceName !== undefined && n.name === m.sourceName,
    );
    if (!source) {
      const known = captured.interfaces.map((n) => `${n.name}${n.mac ? ` (${n.mac})` : ''}`).join(', ') || 'none';
      throw new ValidationError(
        'nics',
        `network map entry for source ${m.sourceMac ?? m.sourceName ?? '(no MAC or name)'} matches no captured NIC; captured: ${known}. Fix the map's source_mac/source_name`,
      );
    }
    const method = m.method ?? (m.addresses?.length ? 'static' : source.method);
    const gateway = method === 'dhcp' ? undefined : (m.gateway ?? source.gateway);
    const { gateway: _dropped, ...rest } = source;
    return {
      ...rest,
      name: m.targetName || source.name,
      mac: normalizeMac(m.targetMac),
      method,
      addresses: method === 'dhcp' ? [] : [...(m.addresses?.length ? m.addresses : source.addresses)],
      ...(gateway ? { gateway } : {}),
    };
  });
  const names = interfaces.map((n) => n.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new ValidationError('nics', `network map gives two NICs the name ${dup}; give each target NIC its own target_name`);
  return { ...captured, interfaces };
}
