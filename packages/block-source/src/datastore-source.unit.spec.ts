import { parseDatastoreLocator } from './datastore-source';

describe('parseDatastoreLocator', () => {
  it('splits datacenter, datastore and the path inside it', () => {
    expect(parseDatastoreLocator('datastore:DC0/LocalDS_0/vm1/vm1-flat.vmdk')).toEqual({ datacenter: 'DC0', datastore: 'LocalDS_0', path: 'vm1/vm1-flat.vmdk' });
  });
  it('names the expected form when the locator is wrong', () => {
    expect(() => parseDatastoreLocator('datastore:DC0')).toThrow(/datastore:<datacenter>\/<datastore>\/<path>/);
  });
});
