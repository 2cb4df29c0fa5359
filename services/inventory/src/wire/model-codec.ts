import { ferry } from '@ferry/proto';
import type { CdromInfo, DiskInfo, InfraInfo, InfraKind, NicInfo, Site, VmInfo } from '../inventory/model';

import pb = ferry.inventory.v1;

/** int64 fields decode as Long when long.js is installed; every value here fits a double exactly. */
export function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

const siteToWire: Record<Site, pb.Site> = { prem: pb.Site.SITE_PREM, cloud: pb.Site.SITE_CLOUD };

/** Domain site -> proto enum. */
export function encodeSite(site: Site): pb.Site {
  return siteToWire[site];
}

/** Proto enum -> domain site; undefined for SITE_UNSPECIFIED or an unknown number. */
export function decodeSite(site: pb.Site | null | undefined): Site | undefined {
  if (site === pb.Site.SITE_PREM) return 'prem';
  if (site === pb.Site.SITE_CLOUD) return 'cloud';
  return undefined;
}

const kindToWire: Record<InfraKind, pb.InfraKind> = {
  Datacenter: pb.InfraKind.INFRA_KIND_DATACENTER,
  ClusterComputeResource: pb.InfraKind.INFRA_KIND_CLUSTER,
  HostSystem: pb.InfraKind.INFRA_KIND_HOST,
  Datastore: pb.InfraKind.INFRA_KIND_DATASTORE,
  Network: pb.InfraKind.INFRA_KIND_NETWORK,
  Folder: pb.InfraKind.INFRA_KIND_FOLDER,
  ResourcePool: pb.InfraKind.INFRA_KIND_RESOURCE_POOL,
};

/** Domain infra kind -> proto enum. */
export function encodeKind(kind: InfraKind): pb.InfraKind {
  return kindToWire[kind];
}

/** Proto enum -> domain infra kind; undefined for unspecified or unknown values. */
export function decodeKind(kind: pb.InfraKind | null | undefined): InfraKind | undefined {
  return (Object.keys(kindToWire) as InfraKind[]).find((k) => kindToWire[k] === kind);
}

/** VmInfo -> wire Vm. */
export function encodeVm(vm: VmInfo): pb.IVm {
  return {
    site: encodeSite(vm.site), id: vm.id, name: vm.name, instanceUuid: vm.instanceUuid, guestId: vm.guestId, guestFullName: vm.guestFullName,
    firmware: vm.firmware, cpus: vm.cpus, coresPerSocket: vm.coresPerSocket, memoryMib: vm.memoryMiB, powerState: vm.powerState,
    toolsStatus: vm.toolsStatus, toolsRunningStatus: vm.toolsRunningStatus, cbtEnabled: vm.cbtEnabled,
    disks: vm.disks.map((d) => ({ ...d })),
    nics: vm.nics.map((n) => ({ ...n, ipAddresses: [...n.ipAddresses] })),
    cdroms: vm.cdroms.map((c) => ({ ...c })),
    snapshots: vm.snapshots, passthroughDevices: vm.passthroughDevices, tpmPresent: vm.tpmPresent, hostId: vm.hostId,
    resourcePoolId: vm.resourcePoolId, folderId: vm.folderId, datastoreIds: vm.datastoreIds, networkIds: vm.networkIds,
  };
}

function decodeDisk(d: pb.IDisk): DiskInfo {
  return {
    key: d.key ?? 0, label: d.label ?? '', capacityBytes: toNumber(d.capacityBytes), backing: d.backing ?? '', fileName: d.fileName ?? '',
    datastoreId: d.datastoreId ?? '', diskMode: d.diskMode ?? '', thinProvisioned: d.thinProvisioned ?? false, sharing: d.sharing ?? '',
    controllerKey: d.controllerKey ?? 0, controllerType: d.controllerType ?? '', controllerBus: d.controllerBus ?? 0, unitNumber: d.unitNumber ?? 0,
    controllerSharing: d.controllerSharing ?? '',
  };
}

function decodeNic(n: pb.INic): NicInfo {
  return {
    key: n.key ?? 0, adapterType: n.adapterType ?? '', macAddress: n.macAddress ?? '', network: n.network ?? '', networkId: n.networkId ?? '',
    connected: n.connected ?? false, ipAddresses: [...(n.ipAddresses ?? [])],
  };
}

function decodeCdrom(c: pb.ICdrom): CdromInfo {
  return { key: c.key ?? 0, isoPath: c.isoPath ?? '', connected: c.connected ?? false, startConnected: c.startConnected ?? false };
}

/** Wire Vm -> VmInfo; `fallbackSite` is used when the message carries no site. */
export function decodeVm(vm: pb.IVm, fallbackSite: Site): VmInfo {
  return {
    site: decodeSite(vm.site) ?? fallbackSite, id: vm.id ?? '', name: vm.name ?? '', instanceUuid: vm.instanceUuid ?? '', guestId: vm.guestId ?? '',
    guestFullName: vm.guestFullName ?? '', firmware: vm.firmware === 'efi' ? 'efi' : 'bios', cpus: vm.cpus ?? 0, coresPerSocket: vm.coresPerSocket ?? 0,
    memoryMiB: vm.memoryMib ?? 0, powerState: vm.powerState ?? '', toolsStatus: vm.toolsStatus ?? '', toolsRunningStatus: vm.toolsRunningStatus ?? '',
    cbtEnabled: vm.cbtEnabled ?? false, disks: (vm.disks ?? []).map(decodeDisk), nics: (vm.nics ?? []).map(decodeNic), cdroms: (vm.cdroms ?? []).map(decodeCdrom),
    snapshots: [...(vm.snapshots ?? [])], passthroughDevices: [...(vm.passthroughDevices ?? [])], tpmPresent: vm.tpmPresent ?? false,
    hostId: vm.hostId ?? '', resourcePoolId: vm.resourcePoolId ?? '', folderId: vm.folderId ?? '',
    datastoreIds: [...(vm.datastoreIds ?? [])], networkIds: [...(vm.networkIds ?? [])],
  };
}

/** InfraInfo -> wire InfraObject. */
export function encodeInfra(o: InfraInfo): pb.IInfraObject {
  const wire: pb.IInfraObject = { site: encodeSite(o.site), kind: encodeKind(o.kind), id: o.id, name: o.name, parentId: o.parentId };
  if (o.kind === 'Datastore') wire.datastore = { capacityBytes: o.capacityBytes ?? 0, freeBytes: o.freeBytes ?? 0, url: o.url ?? '' };
  if (o.networkType !== undefined) wire.networkType = o.networkType;
  return wire;
}

/** Wire InfraObject -> InfraInfo (datastore fields only on datastores, networkType only on networks, as the collector maps them). */
export function decodeInfra(o: pb.IInfraObject, fallbackSite: Site): InfraInfo {
  const kind = decodeKind(o.kind) ?? 'Folder';
  const info: InfraInfo = { site: decodeSite(o.site) ?? fallbackSite, kind, id: o.id ?? '', name: o.name ?? '', parentId: o.parentId ?? '' };
  if (kind === 'Datastore') {
    info.capacityBytes = toNumber(o.datastore?.capacityBytes);
    info.freeBytes = toNumber(o.datastore?.freeBytes);
    info.url = o.datastore?.url ?? '';
  }
  if (kind === 'Network') info.networkType = o.networkType ?? '';
  return info;
}
