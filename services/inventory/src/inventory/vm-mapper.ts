import { arr, at, bool, num, obj, ref, str, type Plain } from '@ferry/vsphere';
import type { CdromInfo, DiskInfo, NicInfo, Site, VmInfo } from './model';

type Props = Map<string, Plain>;

const passthroughTypes = new Set(['VirtualPCIPassthrough', 'VirtualSriovEthernetCard', 'VirtualUSB', 'VirtualSCSIPassthrough']);

function backingKind(backingType: string | undefined, compatibilityMode: string | undefined): string {
  switch (backingType) {
    case 'VirtualDiskFlatVer2BackingInfo':
    case 'VirtualDiskFlatVer1BackingInfo':
      return 'flat';
    case 'VirtualDiskSparseVer2BackingInfo':
    case 'VirtualDiskSeSparseBackingInfo':
      return 'sparse';
    case 'VirtualDiskRawDiskMappingVer1BackingInfo':
      return compatibilityMode === 'physicalMode' ? 'rdm-physical' : 'rdm-virtual';
    default:
      return backingType ?? 'none';
  }
}

function snapshotNames(tree: Plain | undefined): string[] {
  return arr(tree).flatMap((node) => [str(at(node, 'name')) ?? '', ...snapshotNames(at(node, 'childSnapshotList'))]);
}

/** Maps the properties the collector read into a VmInfo. */
export function mapVm(site: Site, id: string, props: Props): VmInfo {
  const devices = arr(at(props.get('config.hardware.device'), 'VirtualDevice'));
  const byKey = new Map(devices.map((d) => [num(at(d, 'key')) ?? -1, d]));
  const guestNets = arr(at(props.get('guest.net'), 'GuestNicInfo'));
  const disks: DiskInfo[] = [];
  const nics: NicInfo[] = [];
  const cdroms: CdromInfo[] = [];
  const passthrough: string[] = [];
  let tpm = false;
  for (const d of devices) {
    const type = obj(d)?.$type ?? '';
    const key = num(at(d, 'key')) ?? 0;
    if (type === 'VirtualDisk') {
      const backing = obj(at(d, 'backing'));
      const controllerKey = num(at(d, 'controllerKey')) ?? 0;
      const controller = byKey.get(controllerKey);
      const capacityBytes = num(at(d, 'capacityInBytes')) ?? (num(at(d, 'capacityInKB')) ?? 0) * 1024;
      disks.push({
        key,
        label: str(at(d, 'deviceInfo.label')) ?? '',
        capacityBytes,
        backing: backingKind(backing?.$type, str(backing?.compatibilityMode)),
        fileName: str(backing?.fileName) ?? '',
        datastoreId: ref(backing?.datastore)?.value ?? '',
        diskMode: str(backing?.diskMode) ?? 'persistent',
        thinProvisioned: bool(backing?.thinProvisioned) ?? false,
        sharing: str(backing?.sharing) ?? 'sharingNone',
        controllerKey,
        controllerType: obj(controller)?.$type ?? '',
        controllerBus: num(at(controller, 'busNumber')) ?? 0,
        unitNumber: num(at(d, 'unitNumber')) ?? 0,
        controllerSharing: str(at(controller, 'sharedBus')) ?? 'noSharing',
      });
    } else if (at(d, 'macAddress') !== undefined || type.startsWith('VirtualE1000') || type === 'VirtualVmxnet3' || type === 'VirtualSriovEthernetCard') {
      const mac = str(at(d, 'macAddress')) ?? '';
      const guest = guestNets.find((g) => str(at(g, 'deviceConfigId')) === String(key) || str(at(g, 'macAddress')) === mac);
      const backing = obj(at(d, 'backing'));
      nics.push({
        key,
        adapterType: type,
        macAddress: mac,
        network: str(backing?.deviceName) ?? str(at(guest, 'network')) ?? '',
        networkId: ref(backing?.network)?.value ?? str(at(backing, 'port.portgroupKey')) ?? '',
        connected: bool(at(d, 'connectable.connected')) ?? false,
        ipAddresses: arr(at(guest, 'ipAddress')).map((ip) => str(ip) ?? '').filter(Boolean),
      });
      if (type === 'VirtualSriovEthernetCard') passthrough.push(type);
    } else if (type === 'VirtualCdrom') {
      const backing = obj(at(d, 'backing'));
      cdroms.push({
        key,
        isoPath: backing?.$type === 'VirtualCdromIsoBackingInfo' ? (str(backing.fileName) ?? '') : '',
        connected: bool(at(d, 'connectable.connected')) ?? false,
        startConnected: bool(at(d, 'connectable.startConnected')) ?? false,
      });
    } else if (passthroughTypes.has(type)) {
      passthrough.push(type);
    } else if (type === 'VirtualTPM') {
      tpm = true;
    }
  }
  const firmware = str(props.get('config.firmware')) === 'efi' ? 'efi' : 'bios';
  return {
    site,
    id,
    name: str(props.get('name')) ?? '',
    instanceUuid: str(props.get('config.instanceUuid')) ?? '',
    guestId: str(props.get('config.guestId')) ?? '',
    guestFullName: str(props.get('guest.guestFullName')) || (str(props.get('config.guestFullName')) ?? ''),
    firmware,
    cpus: num(props.get('config.hardware.numCPU')) ?? 0,
    coresPerSocket: num(props.get('config.hardware.numCoresPerSocket')) ?? 1,
    memoryMiB: num(props.get('config.hardware.memoryMB')) ?? 0,
    powerState: str(props.get('runtime.powerState')) ?? 'unknown',
    toolsStatus: str(props.get('guest.toolsStatus')) ?? 'toolsNotInstalled',
    toolsRunningStatus: str(props.get('guest.toolsRunningStatus')) ?? 'guestToolsNotRunning',
    cbtEnabled: bool(props.get('config.changeTrackingEnabled')) ?? false,
    disks,
    nics,
    cdroms,
    snapshots: snapshotNames(at(props.get('snapshot'), 'rootSnapshotList')),
    passthroughDevices: passthrough,
    tpmPresent: tpm,
    hostId: ref(props.get('runtime.host'))?.value ?? '',
    resourcePoolId: ref(props.get('resourcePool'))?.value ?? '',
    folderId: ref(props.get('parent'))?.value ?? '',
    datastoreIds: arr(at(props.get('datastore'), 'ManagedObjectReference')).map((r) => str(r) ?? ''),
    networkIds: arr(at(props.get('network'), 'ManagedObjectReference')).map((r) => str(r) ?? ''),
  };
}
