import { faultsOf } from '../errors';
import { parseDescriptor } from './descriptor';

const fault = faultsOf('disk.vmdk', 'vmdk');

describe('parseDescriptor', () => {
  it('reads createType and every extent line', () => {
    const descriptor = parseDescriptor(
      ['# Disk DescriptorFile', 'version=1', 'CID=fffffffe', 'parentCID=ffffffff', 'createType="twoGbMaxExtentFlat"', '', 'RW 4192256 FLAT "d-f001.vmdk" 0', 'RW 2048 ZERO', 'RDONLY 8 VMFS "d-flat.vmdk" 16', 'ddb.adapterType = "lsilogic"'].join('\n'),
      fault,
      'descriptor',
    );
    expect(descriptor.createType).toBe('twoGbMaxExtentFlat');
    expect(descriptor.extents).toEqual([
      { access: 'RW', sectors: 4192256, type: 'FLAT', file: 'd-f001.vmdk', offsetSectors: 0 },
      { access: 'RW', sectors: 2048, type: 'ZERO', file: undefined, offsetSectors: 0 },
      { access: 'RDONLY', sectors: 8, type: 'VMFS', file: 'd-flat.vmdk', offsetSectors: 16 },
    ]);
  });

  it('refuses a delta disk, a missing createType and an absurd extent, naming file and line', () => {
    expect(() => parseDescriptor('createType="monolithicFlat"\nparentCID=0badcafe\n', fault, 'descriptor')).toThrow(/^disk\.vmdk: vmdk descriptor parentCID: is 0badcafe/);
    expect(() => parseDescriptor('version=1\n', fault, 'descriptor')).toThrow(/has no createType/);
    expect(() => parseDescriptor('createType="vmfs"\nRW 99999999999999999 VMFS "x" 0\n', fault, 'descriptor')).toThrow(/descriptor line 2: extent of 99999999999999999 sectors/);
  });
});
