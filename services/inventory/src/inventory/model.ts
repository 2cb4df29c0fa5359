/** Which vCenter an object lives in. */
export type Site = 'prem' | 'cloud';

/** A virtual disk as the inventory sees it. */
export interface DiskInfo {
  key: number;
  label: string;
  capacityBytes: number;
  /** flat, sparse, rdm-physical, rdm-virtual, other. */
  backing: string;
  fileName: string;
  datastoreId: string;
  /** persistent, independent_persistent, … */
  diskMode: string;
  thinProvisioned: boolean;
  /** sharingNone / sharingMultiWriter. */
  sharing: string;
  controllerKey: number;
  /** e.g. ParaVirtualSCSIController. */
  controllerType: string;
  controllerBus: number;
  unitNumber: number;
  /** noSharing / virtualSharing / physicalSharing (SCSI bus sharing of its controller). */
  controllerSharing: string;
}

/** A network adapter. */
export interface NicInfo {
  key: number;
  /** e.g. VirtualVmxnet3, VirtualSriovEthernetCard. */
  adapterType: string;
  macAddress: string;
  /** Network (port group) name. */
  network: string;
  networkId: string;
  connected: boolean;
  /** IPs the guest reports for this NIC (needs VMware Tools). */
  ipAddresses: string[];
}

/** A CD/DVD drive. */
export interface CdromInfo {
  key: number;
  isoPath: string;
  connected: boolean;
  startConnected: boolean;
}

/** A VM with everything migration planning needs. */
export interface VmInfo {
  site: Site;
  /** Managed object id, e.g. vm-42. */
  id: string;
  name: string;
  instanceUuid: string;
  guestId: string;
  /** What the guest says it runs (Tools), else the configured guest OS name. */
  guestFullName: string;
  firmware: 'bios' | 'efi';
  cpus: number;
  coresPerSocket: number;
  memoryMiB: number;
  powerState: string;
  /** toolsOk, toolsNotInstalled, toolsNotRunning, toolsOld. */
  toolsStatus: string;
  toolsRunningStatus: string;
  cbtEnabled: boolean;
  disks: DiskInfo[];
  nics: NicInfo[];
  cdroms: CdromInfo[];
  /** Snapshot names, depth first. */
  snapshots: string[];
  /** Device types that cannot be migrated as-is (PCI passthrough, SR-IOV, vTPM …). */
  passthroughDevices: string[];
  tpmPresent: boolean;
  hostId: string;
  resourcePoolId: string;
  folderId: string;
  datastoreIds: string[];
  networkIds: string[];
}

/** Kinds of infrastructure objects the inventory keeps besides VMs. */
export type InfraKind = 'Datacenter' | 'ClusterComputeResource' | 'HostSystem' | 'Datastore' | 'Network' | 'Folder' | 'ResourcePool';

/** A datacenter, cluster, host, datastore, network/port group, folder or resource pool. */
export interface InfraInfo {
  site: Site;
  kind: InfraKind;
  id: string;
  name: string;
  parentId: string;
  /** Datastores only. */
  capacityBytes?: number;
  freeBytes?: number;
  /** Datastores only: the datastore's URL (a local folder on vcsim). */
  url?: string;
  /** Port groups: DistributedVirtualPortgroup or Network. */
  networkType?: string;
}
