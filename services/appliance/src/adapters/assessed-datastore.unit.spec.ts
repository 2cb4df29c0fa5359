import { ferry } from '@ferry/proto';
import { assessedDatastore } from './assessed-datastore';

import inv = ferry.inventory.v1;

/** The cloud vCenter's datastores as the inventory lists them. */
const inventory = {
  listInfra: (request: inv.IListInfraRequest) => {
    expect(request).toEqual({ site: inv.Site.SITE_CLOUD, kinds: [inv.InfraKind.INFRA_KIND_DATASTORE] });
    return Promise.resolve(inv.ListInfraResponse.create({ objects: [{ kind: inv.InfraKind.INFRA_KIND_DATASTORE, id: 'datastore-9', name: 'cloud-ds', site: inv.Site.SITE_CLOUD }] }));
  },
};

describe('the datastore AssessVm checks for room', () => {
  it('is the inventory id of the one datastore the disks are mapped to', async () => {
    expect(await assessedDatastore(inventory, ['cloud-ds'])).toEqual({ id: 'datastore-9' });
  });

  it('is none, with a warning naming them, when the disks go to several datastores', async () => {
    expect(await assessedDatastore(inventory, ['cloud-ds', 'cloud-ds-2'])).toEqual({ warning: expect.stringContaining('2 cloud datastores (cloud-ds, cloud-ds-2)') });
  });

  it('is none, with a warning, when the inventory does not know the datastore', async () => {
    expect(await assessedDatastore(inventory, ['gone-ds'])).toEqual({ warning: expect.stringContaining('no cloud datastore "gone-ds"') });
  });

  it('is none for a VM without disks', async () => {
    expect(await assessedDatastore(inventory, [])).toBeUndefined();
  });
});
