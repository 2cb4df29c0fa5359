import { deviceUuidMap, bootMounts, volumeNamed } from './device-names';
import { matchNics } from './nic-match';
import { diskLetters, parseBlkidExport, parseSfdiskJson, type Volume } from './volumes';

const GPT = JSON.stringify({
  partitiontable: {
    label: 'gpt', id: '47F19A98-4423-9449-8096-E70AA282F047', device: '/ds/vm/disk-2000-flat.vmdk', unit: 'sectors', sectorsize: 512,
    partitions: [
      { node: '/ds/vm/disk-2000-flat.vmdk1', start: 2048, size: 32768, type: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B', uuid: '6DCAE07D-DADC-384D-BE1D-CB5E53DFA7E7' },
      { node: '/ds/vm/disk-2000-flat.vmdk2', start: 34816, size: 32768, type: '0FC63DAF-8483-4772-8E79-3D69D8477DE4', uuid: '5EFB2BCB-F9E6-704D-9ECF-9AF3B9AD7ECE' },
    ],
  },
});
const MBR = JSON.stringify({
  partitiontable: {
    label: 'dos', id: '0x2cc158d3', device: 'img.raw', unit: 'sectors', sectorsize: 512,
    partitions: [
      { node: 'img.raw1', start: 2048, size: 16384, type: '83' },
      { node: 'img.raw2', start: 18432, size: 81920, type: '5' },
      { node: 'img.raw5', start: 20480, size: 16384, type: '82' },
    ],
  },
});

describe('partition tables as sfdisk --json prints them', () => {
  it('GPT: byte offsets, sizes and the entry GUIDs as PARTUUIDs (lower case)', () => {
    expect(parseSfdiskJson(GPT)).toEqual({
      label: 'gpt',
      partitions: [
        { partition: 1, offsetBytes: 1048576, sizeBytes: 16777216, type: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b', partUuid: '6dcae07d-dadc-384d-be1d-cb5e53dfa7e7' },
        { partition: 2, offsetBytes: 17825792, sizeBytes: 16777216, type: '0fc63daf-8483-4772-8e79-3d69d8477de4', partUuid: '5efb2bcb-f9e6-704d-9ecf-9af3b9ad7ece' },
      ],
    });
  });

  it('MBR: the extended container is left out, logical partitions keep their numbers, PARTUUID is <disk id>-<nn>', () => {
    expect(parseSfdiskJson(MBR).partitions).toEqual([
      { partition: 1, offsetBytes: 1048576, sizeBytes: 8388608, type: '83', partUuid: '2cc158d3-01' },
      { partition: 5, offsetBytes: 10485760, sizeBytes: 8388608, type: '82', partUuid: '2cc158d3-05' },
    ]);
  });

  it('blkid export: type, UUID and label; nothing without TYPE', () => {
    expect(parseBlkidExport('DEVNAME=x\nLABEL=ferry-root\nUUID=b0e6b10a\nTYPE=ext4\nUSAGE=filesystem\n')).toEqual({ type: 'ext4', uuid: 'b0e6b10a', label: 'ferry-root' });
    expect(parseBlkidExport('PTTYPE=dos\n')).toBeUndefined();
  });

  it('disk letters run sda..sdz, sdaa', () => {
    expect([0, 1, 25, 26, 27].map(diskLetters)).toEqual(['a', 'b', 'z', 'aa', 'ab']);
  });
});

const root: Volume = { image: '/ds/d0.vmdk', diskIndex: 0, partition: 2, offsetBytes: 0, sizeBytes: 1, partUuid: '2cc158d3-02', fs: { type: 'ext4', uuid: 'u-root', label: 'root' } };
const boot: Volume = { image: '/ds/d0.vmdk', diskIndex: 0, partition: 1, offsetBytes: 0, sizeBytes: 1, partUuid: '2cc158d3-01', fs: { type: 'ext4', uuid: 'u-boot', label: 'boot' } };
const data: Volume = { image: '/ds/d1.vmdk', diskIndex: 1, offsetBytes: 0, sizeBytes: 1, fs: { type: 'xfs', uuid: 'u-data', label: 'root' } };

describe('names of the replica file systems', () => {
  it('maps device names of every controller, LABEL= and PARTUUID= to the UUID; a label two disks share maps to neither', () => {
    const map = deviceUuidMap([root, boot, data]);
    expect(map).toMatchObject({ '/dev/sda2': 'u-root', '/dev/vda2': 'u-root', '/dev/sda1': 'u-boot', 'LABEL=boot': 'u-boot', 'PARTUUID=2cc158d3-02': 'u-root', '/dev/sdb': 'u-data' });
    expect(map['LABEL=root']).toBeUndefined();
    expect(Object.keys(map).some((k) => k.startsWith('UUID='))).toBe(false);
  });

  it('finds the volume an fstab line names, quoted or not, and the /boot lines parents first', () => {
    expect(volumeNamed('UUID="u-boot"', [root, boot])).toBe(boot);
    expect(volumeNamed('/dev/sda2', [root, boot])).toBe(root);
    expect(volumeNamed('UUID=elsewhere', [root, boot])).toBeUndefined();
    const fstab = '# comment\nUUID=u-root / ext4 defaults 0 1\nUUID=EF-01 /boot/efi vfat umask=0077 0 1\nLABEL=boot /boot/ ext4 defaults 0 2\n/dev/sdb /data xfs defaults 0 0\n';
    expect(bootMounts(fstab)).toEqual([
      { spec: 'LABEL=boot', mountPoint: '/boot', type: 'ext4' },
      { spec: 'UUID=EF-01', mountPoint: '/boot/efi', type: 'vfat' },
    ]);
  });
});

describe('matching the VM NICs to the replica configuration', () => {
  const captured = { hostname: 'h', nameservers: [], search: [], interfaces: [
    { name: 'ens192', method: 'static' as const, addresses: ['10.0.0.5/24'] },
    { name: 'ens224', method: 'dhcp' as const, addresses: [] },
    { name: 'eth9', mac: '00:50:56:aa:bb:cc', method: 'dhcp' as const, addresses: [] },
  ] };

  it('by MAC where the files name one, else by position; a NIC left over is named in a note', () => {
    const { mappings, notes } = matchNics(captured, [
      { mac: '00:50:56:0A:00:01', targetNetwork: 'VM Network' },
      { mac: '00:50:56:aa:bb:cc', targetNetwork: 'Backup', addresses: ['10.9.0.2/24'] },
      { mac: '00:50:56:0a:00:02', targetNetwork: 'VM Network' },
      { mac: '00:50:56:0a:00:03', targetNetwork: 'VM Network' },
    ]);
    expect(mappings).toEqual([
      { sourceName: 'ens192', targetMac: '00:50:56:0a:00:01' },
      { sourceMac: '00:50:56:aa:bb:cc', targetMac: '00:50:56:aa:bb:cc', addresses: ['10.9.0.2/24'] },
      { sourceName: 'ens224', targetMac: '00:50:56:0a:00:02' },
    ]);
    expect(notes[0]).toBe("NIC 00:50:56:0a:00:01 (VM Network) is ens192 by position (the replica's files name no MAC)");
    expect(notes[1]).toBe('NIC 00:50:56:aa:bb:cc (Backup) is eth9 by MAC');
    expect(notes[3]).toMatch(/NIC 00:50:56:0a:00:03 \(VM Network\) matches no configured NIC of the replica/);
  });
});
