import { flatDescriptor, parseDatastorePath, sourceLocator, targetDiskFiles } from './datastore-layout';
import { adapterName } from './inventory-source';

describe('datastore layout of a migration', () => {
  it('maps a vCenter disk path to the prem-esxi-manager locator under the volumes root', () => {
    expect(sourceLocator('/vmfs/volumes', '[LocalDS_0] web-1/web-1.vmdk')).toBe('file:/vmfs/volumes/LocalDS_0/web-1/web-1.vmdk');
    expect(parseDatastorePath('[ds 2] a/b c.vmdk')).toEqual({ datastore: 'ds 2', path: 'a/b c.vmdk' });
    expect(() => parseDatastorePath('web-1/web-1.vmdk')).toThrow(/"web-1\/web-1.vmdk" is not "\[datastore\] folder\/file.vmdk"/);
  });

  it('puts each target disk as descriptor + flat extent in one folder per migration', () => {
    expect(targetDiskFiles('mig-1', '2000')).toEqual({ descriptor: 'ferry-mig-1/disk-2000.vmdk', flat: 'ferry-mig-1/disk-2000-flat.vmdk' });
  });

  it('describes the flat extent in sectors, and refuses a capacity that is not whole sectors', () => {
    const text = flatDescriptor(16 * 2 ** 20, 'disk-2000-flat.vmdk');
    expect(text).toContain('createType="vmfs"');
    expect(text).toContain('RW 32768 VMFS "disk-2000-flat.vmdk"');
    expect(() => flatDescriptor(1000, 'x-flat.vmdk')).toThrow(/1000 is not a whole number of 512-byte sectors/);
  });

  it('names NIC adapters the way CreateVM wants them', () => {
    expect(['VirtualVmxnet3', 'VirtualE1000e', 'VirtualE1000'].map(adapterName)).toEqual(['vmxnet3', 'e1000e', 'e1000']);
  });
});
