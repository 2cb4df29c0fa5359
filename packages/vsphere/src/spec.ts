import { morXml, typed, type XmlElement } from './xml';
import type { MoRef } from './values';

/** A virtual disk to add. */
export interface DiskSpec {
  kind: 'disk';
  controllerKey: number;
  unitNumber: number;
  capacityKB: number;
  /** Datastore name the new file goes to ("[ds] vm/vm.vmdk" is derived); or an explicit fileName of an existing disk. */
  datastoreName?: string;
  fileName?: string;
  /** persistent (default), independent_persistent, independent_nonpersistent, nonpersistent. */
  diskMode?: string;
  thinProvisioned?: boolean;
  /** sharingNone (default) or sharingMultiWriter. */
  sharing?: 'sharingNone' | 'sharingMultiWriter';
  /** Raw device mapping instead of a flat file. */
  rdm?: { deviceName: string; compatibilityMode: 'physicalMode' | 'virtualMode' };
}

/** A storage controller to add. */
export interface ControllerSpec {
  kind: 'controller';
  /** Negative key referenced by disks of the same spec. */
  key: number;
  type: 'pvscsi' | 'lsilogic' | 'lsilogic-sas' | 'buslogic' | 'sata' | 'nvme';
  busNumber: number;
  sharedBus?: 'noSharing' | 'physicalSharing' | 'virtualSharing';
}

/** A network adapter to add. */
export interface NicSpec {
  kind: 'nic';
  adapter: 'vmxnet3' | 'e1000' | 'e1000e' | 'sriov';
  /** Standard port group by name (and ref) … */
  network?: { name: string; ref?: MoRef };
  /** … or a distributed port group. */
  dvPortgroup?: { switchUuid: string; portgroupKey: string };
  macAddress?: string;
}

/** A CD/DVD drive, optionally with an ISO attached. */
export interface CdromSpec {
  kind: 'cdrom';
  controllerKey: number;
  unitNumber: number;
  isoPath?: string;
  connected: boolean;
}

/** A PCI passthrough device. */
export interface PassthroughSpec {
  kind: 'pciPassthrough';
  deviceId: string;
  id: string;
  systemId: string;
  vendorId: number;
  deviceName: string;
}

/** Any device Ferry adds through a config spec. */
export type DeviceSpec = DiskSpec | ControllerSpec | NicSpec | CdromSpec | PassthroughSpec;

/** The VirtualMachineConfigSpec fields Ferry sets (serialised in the vim25 schema's order). */
export interface VmConfigSpec {
  name?: string;
  /** Virtual hardware version, e.g. "vmx-19" (CreateVM; default: the host's newest). */
  version?: string;
  guestId?: string;
  annotation?: string;
  /** Datastore path of the VM folder, e.g. "[LocalDS_0]" (CreateVM). */
  vmPathName?: string;
  numCPUs?: number;
  numCoresPerSocket?: number;
  memoryMB?: number;
  addDevices?: DeviceSpec[];
  /** Device keys to remove (and their files destroyed when destroyFiles). */
  removeDevices?: Array<{ key: number; destroyFiles?: boolean; typeName: string }>;
  extraConfig?: Record<string, string>;
  changeTrackingEnabled?: boolean;
  firmware?: 'bios' | 'efi';
}

const controllerTypes: Record<ControllerSpec['type'], string> = {
  pvscsi: 'ParaVirtualSCSIController',
  lsilogic: 'VirtualLsiLogicController',
  'lsilogic-sas': 'VirtualLsiLogicSASController',
  buslogic: 'VirtualBusLogicController',
  sata: 'VirtualAHCIController',
  nvme: 'VirtualNVMEController',
};

const nicTypes: Record<NicSpec['adapter'], string> = { vmxnet3: 'VirtualVmxnet3', e1000: 'VirtualE1000', e1000e: 'VirtualE1000e', sriov: 'VirtualSriovEthernetCard' };

let nextKey = -100;
function tempKey(): number {
  nextKey -= 1;
  return nextKey;
}

function deviceXml(d: DeviceSpec): { device: XmlElement; fileOperation?: string } {
  switch (d.kind) {
    case 'controller': {
      const scsi = !['sata', 'nvme'].includes(d.type);
      return {
        device: typed(controllerTypes[d.type], {
          key: d.key,
          busNumber: d.busNumber,
          ...(scsi ? { sharedBus: d.sharedBus ?? 'noSharing' } : {}),
        }),
      };
    }
    case 'disk': {
      const fileName = d.fileName ?? (d.datastoreName ? `[${d.datastoreName}]` : '');
      const backing = d.rdm
        ? typed('VirtualDiskRawDiskMappingVer1BackingInfo', {
            fileName,
            deviceName: d.rdm.deviceName,
            compatibilityMode: d.rdm.compatibilityMode,
            diskMode: d.diskMode ?? 'persistent',
            sharing: d.sharing,
          })
        : typed('VirtualDiskFlatVer2BackingInfo', {
            fileName,
            diskMode: d.diskMode ?? 'persistent',
            thinProvisioned: d.thinProvisioned ?? true,
            sharing: d.sharing,
          });
      return {
        device: typed('VirtualDisk', { key: tempKey(), backing, controllerKey: d.controllerKey, unitNumber: d.unitNumber, capacityInKB: d.capacityKB }),
        fileOperation: d.fileName ? undefined : 'create',
      };
    }
    case 'nic': {
      const backing = d.dvPortgroup
        ? typed('VirtualEthernetCardDistributedVirtualPortBackingInfo', { port: { switchUuid: d.dvPortgroup.switchUuid, portgroupKey: d.dvPortgroup.portgroupKey } })
        : typed('VirtualEthernetCardNetworkBackingInfo', { deviceName: d.network?.name ?? '', network: d.network?.ref ? morXml(d.network.ref) : undefined });
      return {
        device: typed(nicTypes[d.adapter], {
          key: tempKey(),
          backing,
          connectable: { startConnected: true, allowGuestControl: true, connected: true },
          addressType: d.macAddress ? 'manual' : 'generated',
          macAddress: d.macAddress,
        }),
      };
    }
    case 'cdrom': {
      const backing = d.isoPath
        ? typed('VirtualCdromIsoBackingInfo', { fileName: d.isoPath })
        : typed('VirtualCdromRemotePassthroughBackingInfo', { deviceName: '', exclusive: false });
      return {
        device: typed('VirtualCdrom', {
          key: tempKey(),
          backing,
          connectable: { startConnected: d.connected, allowGuestControl: true, connected: d.connected },
          controllerKey: d.controllerKey,
          unitNumber: d.unitNumber,
        }),
      };
    }
    case 'pciPassthrough':
      return {
        device: typed('VirtualPCIPassthrough', {
          key: tempKey(),
          backing: typed('VirtualPCIPassthroughDeviceBackingInfo', { deviceName: d.deviceName, id: d.id, deviceId: d.deviceId, systemId: d.systemId, vendorId: d.vendorId }),
        }),
      };
    default: {
      const unreachable: never = d;
      return unreachable;
    }
  }
}

/** Serialises a VmConfigSpec as a vim25 VirtualMachineConfigSpec element. */
export function configSpecXml(spec: VmConfigSpec): XmlElement {
  const deviceChange: XmlElement[] = [
    ...(spec.addDevices ?? []).map((d) => {
      const { device, fileOperation } = deviceXml(d);
      return { operation: 'add', fileOperation, device };
    }),
    ...(spec.removeDevices ?? []).map((r) => ({ operation: 'remove', fileOperation: r.destroyFiles ? 'destroy' : undefined, device: typed(r.typeName, { key: r.key }) })),
  ];
  const extra = Object.entries(spec.extraConfig ?? {}).map(([key, value]) => typed('OptionValue', { key, value: typed('xsd:string', { '#text': value }) }));
  return {
    name: spec.name,
    version: spec.version,
    guestId: spec.guestId,
    annotation: spec.annotation,
    files: spec.vmPathName !== undefined ? { vmPathName: spec.vmPathName } : undefined,
    numCPUs: spec.numCPUs,
    numCoresPerSocket: spec.numCoresPerSocket,
    memoryMB: spec.memoryMB,
    deviceChange: deviceChange.length ? deviceChange : undefined,
    extraConfig: extra.length ? extra : undefined,
    changeTrackingEnabled: spec.changeTrackingEnabled,
    firmware: spec.firmware,
  };
}
