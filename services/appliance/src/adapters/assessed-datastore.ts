// Which cloud datastore AssessVm checks for room (the inventory's target-datastore-space rule): the one
// the plan's storage map sends the VM's disks to. The rule weighs every disk of the VM against one
// datastore, so a VM whose disks go to several is not checked; a warning says so instead.
import { ferry } from '@ferry/proto';
import type { Inventory } from '../api';

import inv = ferry.inventory.v1;

/** The datastore's inventory id to pass as AssessVmRequest.target_datastore_id, or why none is passed. */
export type AssessedDatastore = { readonly id: string } | { readonly warning: string };

/** `names`: the distinct cloud datastores the storage map sends the VM's disks to (none for a VM without disks). */
export async function assessedDatastore(inventory: Pick<Inventory, 'listInfra'>, names: readonly string[]): Promise<AssessedDatastore | undefined> {
  const [name, ...others] = names;
  if (name === undefined) return undefined;
  if (others.length > 0) {
    return { warning: `target-datastore-space: the disks go to ${names.length} cloud datastores (${names.join(', ')}); their free space was not checked, check that each holds its disks` };
  }
  const infra = await inventory.listInfra({ site: inv.Site.SITE_CLOUD, kinds: [inv.InfraKind.INFRA_KIND_DATASTORE] });
  const found = infra.objects.find((o) => o.kind === inv.InfraKind.INFRA_KIND_DATASTORE && o.name === name);
  if (found?.id) return { id: found.id };
  return { warning: `target-datastore-space: the inventory has no cloud datastore "${name}" (yet); its free space was not checked. Fix: check that the datastore exists and the inventory has synced the cloud vCenter` };
}
