// Where a migration's disks and NICs land on the cloud side, from the plan's maps.
import { datastoreOf, type ActiveState } from '../../migration';
import type { TargetNic } from '../effects';

/** The cloud datastore the storage map sends a source disk's datastore to. */
export function mapDatastore(facts: ActiveState['facts'], datastorePath: string): string {
  const source = datastoreOf(datastorePath) ?? '';
  return facts.storageMap.find((m) => m.sourceDatastore === source)?.targetDatastore ?? source;
}

/** The target NICs: each source NIC's MAC and adapter on the network the network map sends it to. */
export function targetNics(facts: ActiveState['facts']): TargetNic[] {
  const mapNetwork = (network: string): string => facts.networkMap.find((m) => m.sourceNetwork === network)?.targetNetwork ?? network;
  return (facts.hardware?.nics ?? []).map((nic) => ({ macAddress: nic.macAddress, adapter: nic.adapter, network: mapNetwork(nic.network) }));
}
