/** Reads the cloud vCenter's placement inventory and chooses where a moved volume's VM goes. */
import { ref, retrieveContainer, str, type VsphereClient } from '@ferry/vsphere';
import { InventoryIndex, type InventoryObject } from './inventory-index';
import { choosePlacement, type Placement, type PlacementRequest } from './placement-choice';

/** The types a placement is chosen among, and what path-building needs between them (no VMs, no hosts). */
const SELECTIONS = [
  { type: 'Datacenter', paths: ['name', 'parent', 'vmFolder'] },
  { type: 'Folder', paths: ['name', 'parent'] },
  { type: 'ComputeResource', paths: ['name', 'parent'] },
  { type: 'ClusterComputeResource', paths: ['name', 'parent'] },
  { type: 'ResourcePool', paths: ['name', 'parent'] },
  { type: 'Datastore', paths: ['name', 'parent'] },
];

/** Resolves `request` on the vCenter `client` is logged in to (see choosePlacement for the rules). */
export async function resolvePlacement(client: VsphereClient, request: PlacementRequest): Promise<Placement> {
  const objects: InventoryObject[] = [];
  for await (const page of retrieveContainer(client, SELECTIONS)) {
    for (const o of page) {
      objects.push({ ref: o.obj, name: str(o.props.get('name')) ?? '', parent: ref(o.props.get('parent')), vmFolder: ref(o.props.get('vmFolder')) });
    }
  }
  return choosePlacement(new InventoryIndex(objects), request, `the cloud vCenter ${client.server}`);
}
