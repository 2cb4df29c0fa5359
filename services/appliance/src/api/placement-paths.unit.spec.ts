import { ferry } from '@ferry/proto';
import { placementPaths } from './placement-paths';

import inv = ferry.inventory.v1;

const K = inv.InfraKind;
const o = (kind: inv.InfraKind, id: string, name: string, parentId: string): inv.IInfraObject => ({ site: inv.Site.SITE_CLOUD, kind, id, name, parentId });

/** vcsim's default model, as the inventory lists it (the root folder group-d1 is not listed). */
const vcsim = [
  o(K.INFRA_KIND_DATACENTER, 'datacenter-2', 'DC0', 'group-d1'),
  o(K.INFRA_KIND_FOLDER, 'group-3', 'vm', 'datacenter-2'),
  o(K.INFRA_KIND_FOLDER, 'group-4', 'host', 'datacenter-2'),
  o(K.INFRA_KIND_FOLDER, 'group-5', 'datastore', 'datacenter-2'),
  o(K.INFRA_KIND_FOLDER, 'group-6', 'network', 'datacenter-2'),
  o(K.INFRA_KIND_FOLDER, 'group-9', 'web', 'group-3'),
  o(K.INFRA_KIND_CLUSTER, 'domain-c29', 'DC0_C0', 'group-4'),
  o(K.INFRA_KIND_RESOURCE_POOL, 'resgroup-28', 'Resources', 'domain-c29'),
  o(K.INFRA_KIND_RESOURCE_POOL, 'resgroup-40', 'batch', 'resgroup-28'),
  // A standalone host's pool: its parent, the host's compute resource, is not collected.
  o(K.INFRA_KIND_HOST, 'host-21', 'DC0_H0', 'domain-s20'),
  o(K.INFRA_KIND_RESOURCE_POOL, 'resgroup-19', 'Resources', 'domain-s20'),
];

describe('placement paths of the cloud inventory', () => {
  it("builds vCenter inventory paths from names and parents, below the root folder", () => {
    const placement = placementPaths(vcsim);
    expect(placement.datacenter).toEqual({ paths: ['/DC0'], unresolvedNames: [] });
    expect(placement.folder.paths).toEqual(['/DC0/datastore', '/DC0/host', '/DC0/network', '/DC0/vm', '/DC0/vm/web']);
    expect(placement.resourcePool).toEqual({ paths: ['/DC0/host/DC0_C0/Resources', '/DC0/host/DC0_C0/Resources/batch'], unresolvedNames: ['Resources'] });
  });

  it('leaves the root folder out when the inventory lists it, and follows datacenter folders', () => {
    const placement = placementPaths([o(K.INFRA_KIND_FOLDER, 'group-d1', 'Datacenters', ''), o(K.INFRA_KIND_FOLDER, 'group-7', 'emea', 'group-d1'), o(K.INFRA_KIND_DATACENTER, 'dc-8', 'FRA', 'group-7'), o(K.INFRA_KIND_FOLDER, 'group-10', 'vm', 'dc-8')]);
    expect(placement.datacenter.paths).toEqual(['/emea/FRA']);
    expect(placement.folder.paths).toEqual(['/emea', '/emea/FRA/vm']);
  });

  it('gives no path for a parent cycle, and none at all for an empty inventory', () => {
    const placement = placementPaths([o(K.INFRA_KIND_RESOURCE_POOL, 'a', 'A', 'b'), o(K.INFRA_KIND_RESOURCE_POOL, 'b', 'B', 'a')]);
    expect(placement.resourcePool).toEqual({ paths: [], unresolvedNames: ['A', 'B'] });
    expect(placementPaths([]).folder).toEqual({ paths: [], unresolvedNames: [] });
  });
});
