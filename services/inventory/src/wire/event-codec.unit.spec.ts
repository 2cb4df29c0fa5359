import type { InventoryEvent } from '../inventory/events';
import type { InfraInfo, VmInfo } from '../inventory/model';
import { inventoryEventCodec } from './event-codec';

const vm: VmInfo = {
  site: 'prem', id: 'vm-7', name: 'db-01', instanceUuid: 'u-7', guestId: 'rhel7_64Guest', guestFullName: 'Red Hat Enterprise Linux 7.6', firmware: 'efi',
  cpus: 4, coresPerSocket: 2, memoryMiB: 8192, powerState: 'poweredOn', toolsStatus: 'toolsOk', toolsRunningStatus: 'guestToolsRunning', cbtEnabled: true,
  disks: [{ key: 2000, label: 'Hard disk 1', capacityBytes: 5 * 1024 ** 4, backing: 'flat', fileName: '[ds1] db-01/db-01.vmdk', datastoreId: 'datastore-1',
    diskMode: 'independent_persistent', thinProvisioned: true, sharing: 'sharingNone', controllerKey: 1000, controllerType: 'ParaVirtualSCSIController',
    controllerBus: 0, unitNumber: 0, controllerSharing: 'noSharing' }],
  nics: [{ key: 4000, adapterType: 'VirtualVmxnet3', macAddress: '00:50:56:aa:bb:cc', network: 'VM Network', networkId: 'network-3', connected: true, ipAddresses: ['10.0.0.7', 'fe80::1'] }],
  cdroms: [{ key: 3000, isoPath: '[ds1] iso/x.iso', connected: false, startConnected: true }], snapshots: ['base', 'child'], passthroughDevices: ['VirtualUSB'],
  tpmPresent: true, hostId: 'host-1', resourcePoolId: 'resgroup-2', folderId: 'group-v3', datastoreIds: ['datastore-1'], networkIds: ['network-3'],
};
const datastore: InfraInfo = { site: 'cloud', kind: 'Datastore', id: 'datastore-9', name: 'ds9', parentId: 'group-s4', capacityBytes: 2 ** 50, freeBytes: 2 ** 41, url: 'ds:///vmfs/volumes/9/' };
const network: InfraInfo = { site: 'prem', kind: 'Network', id: 'dvportgroup-5', name: 'pg', parentId: 'group-n1', networkType: 'DistributedVirtualPortgroup' };
const host: InfraInfo = { site: 'prem', kind: 'HostSystem', id: 'host-1', name: 'esx1', parentId: 'domain-c1' };

const events: InventoryEvent[] = [
  { type: 'VmDiscovered', site: 'prem', vm },
  { type: 'VmChanged', site: 'prem', vm: { ...vm, powerState: 'poweredOff' }, changed: ['powerState'] },
  { type: 'VmRemoved', site: 'prem', id: 'vm-7' },
  { type: 'InfraObjectSeen', site: 'cloud', object: datastore },
  { type: 'InfraObjectSeen', site: 'prem', object: network },
  { type: 'InfraObjectSeen', site: 'prem', object: host },
  { type: 'InfraObjectRemoved', site: 'prem', kind: 'ResourcePool', id: 'resgroup-2' },
  { type: 'InventorySynced', site: 'cloud', vms: 2000, objects: 40, atMillis: 1_790_000_000_123 },
];

describe('inventory event codec', () => {
  it.each(events.map((e) => [e.type, e] as const))('given a %s, when encoded and decoded, then it is the same event with the same key order', (_, event) => {
    const stored = inventoryEventCodec.encode(event);
    expect(stored.type).toBe(event.type);
    const back = inventoryEventCodec.decode(stored.type, stored.payload, event.site);
    expect(back).toEqual(event);
    // the collector compares decoded state with freshly mapped state: identical JSON means no spurious change
    expect(JSON.stringify(back)).toBe(JSON.stringify(event));
  });

  it('given an unknown stored type, when decoded, then the error names it', () => {
    expect(() => inventoryEventCodec.decode('VmTeleported', new Uint8Array(), 'prem')).toThrow(/"VmTeleported" is unknown/);
  });
});
