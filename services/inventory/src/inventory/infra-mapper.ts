import { num, ref, str, type Plain } from '@ferry/vsphere';
import type { InfraInfo, InfraKind, Site } from './model';

/** Maps an infrastructure object's properties into an InfraInfo. */
export function mapInfra(site: Site, type: string, id: string, props: Map<string, Plain>): InfraInfo {
  const kind: InfraKind = type === 'DistributedVirtualPortgroup' || type === 'OpaqueNetwork' ? 'Network' : (type as InfraKind);
  const info: InfraInfo = { site, kind, id, name: str(props.get('name')) ?? '', parentId: ref(props.get('parent'))?.value ?? '' };
  if (kind === 'Datastore') {
    info.capacityBytes = num(props.get('summary.capacity')) ?? 0;
    info.freeBytes = num(props.get('summary.freeSpace')) ?? 0;
    info.url = str(props.get('summary.url')) ?? '';
  }
  if (kind === 'Network') info.networkType = type;
  return info;
}
