import type { VsphereClient } from './client';
import { retrieveContainer } from './property';
import { ref, str, type MoRef } from './values';

/** The first datacenter's VM folder, a cluster's root resource pool, its datastores and networks. */
export interface DefaultPlacement {
  datacenter: { ref: MoRef; name: string };
  vmFolder: MoRef;
  resourcePool: MoRef;
  datastores: Array<{ ref: MoRef; name: string }>;
  networks: Array<{ ref: MoRef; name: string }>;
}

/** Finds where to create VMs on a vCenter with one datacenter (tests, demo, benchmarks). */
export async function defaultPlacement(client: VsphereClient): Promise<DefaultPlacement> {
  const dcs: Array<{ ref: MoRef; name: string; vmFolder?: MoRef }> = [];
  const pools: MoRef[] = [];
  const datastores: DefaultPlacement['datastores'] = [];
  const networks: DefaultPlacement['networks'] = [];
  for await (const page of retrieveContainer(client, [
    { type: 'Datacenter', paths: ['name', 'vmFolder'] },
    { type: 'ClusterComputeResource', paths: ['resourcePool'] },
    { type: 'Datastore', paths: ['name'] },
    { type: 'Network', paths: ['name'] },
  ])) {
    for (const o of page) {
      const name = str(o.props.get('name')) ?? '';
      if (o.obj.type === 'Datacenter') dcs.push({ ref: o.obj, name, vmFolder: ref(o.props.get('vmFolder')) });
      else if (o.obj.type === 'ClusterComputeResource') {
        const pool = ref(o.props.get('resourcePool'));
        if (pool) pools.push(pool);
      } else if (o.obj.type === 'Datastore') datastores.push({ ref: o.obj, name });
      else networks.push({ ref: o.obj, name });
    }
  }
  const dc = dcs[0];
  const pool = pools[0];
  if (!dc?.vmFolder || !pool) throw new Error(`vCenter ${client.server}: no datacenter with a cluster found to place VMs in`);
  return { datacenter: { ref: dc.ref, name: dc.name }, vmFolder: dc.vmFolder, resourcePool: pool, datastores, networks };
}
