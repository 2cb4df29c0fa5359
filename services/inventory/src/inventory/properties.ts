import type { PropertySelection } from '@ferry/vsphere';

/** The VM properties the inventory reads; every field of VmInfo comes from one of these. */
export const vmPaths = [
  'name', 'parent', 'resourcePool', 'runtime.host', 'runtime.powerState', 'config.instanceUuid', 'config.guestId', 'config.guestFullName',
  'config.firmware', 'config.hardware.numCPU', 'config.hardware.numCoresPerSocket', 'config.hardware.memoryMB', 'config.hardware.device',
  'config.changeTrackingEnabled', 'guest.toolsStatus', 'guest.toolsRunningStatus', 'guest.guestFullName', 'guest.net', 'snapshot',
  'datastore', 'network',
  // vCenter reports these when devices change even where it does not report config.hardware.device itself
  'summary.config.numVirtualDisks', 'summary.config.numEthernetCards',
];

/** Infrastructure objects and the properties read of each. */
export const infraSelections: PropertySelection[] = [
  { type: 'Datacenter', paths: ['name', 'parent'] },
  { type: 'ClusterComputeResource', paths: ['name', 'parent'] },
  { type: 'HostSystem', paths: ['name', 'parent'] },
  { type: 'Datastore', paths: ['name', 'parent', 'summary.capacity', 'summary.freeSpace', 'summary.url'] },
  { type: 'Network', paths: ['name', 'parent'] },
  { type: 'Folder', paths: ['name', 'parent'] },
  { type: 'ResourcePool', paths: ['name', 'parent'] },
];

/** Everything the collector follows. */
export const allSelections: PropertySelection[] = [{ type: 'VirtualMachine', paths: vmPaths }, ...infraSelections];
