import { type NetworkConfig } from '../network/model';

/** The hypervisor the replica will boot on: decides which drivers its initramfs needs. */
export type TargetPlatform = 'vmware' | 'kvm';

/** Storage and network drivers a replica needs on each target, in initramfs module names. */
export const TARGET_DRIVERS: Record<TargetPlatform, readonly string[]> = {
  vmware: ['vmw_pvscsi', 'vmxnet3', 'mptspi', 'ahci'],
  kvm: ['virtio_pci', 'virtio_blk', 'virtio_scsi', 'virtio_net'],
};

/** One NIC of the migrated VM (proto ferry.guestprep.v1.NicMapping). */
export interface NicMapping {
  /** The source NIC's MAC (matched against the capture), or... */
  readonly sourceMac?: string;
  /** ...its name, when the capture has no MAC (an offline capture of the files only). */
  readonly sourceName?: string;
  readonly targetMac: string;
  /** New interface name; default: the source name. */
  readonly targetName?: string;
  /** New addresses (CIDR); default: the captured ones. */
  readonly addresses?: readonly string[];
  readonly gateway?: string;
  readonly method?: 'static' | 'dhcp';
}

/** What stage 1 of the fixup needs (proto ferry.guestprep.v1.FixUpReplica, decoded). */
export interface FixupInput {
  readonly targetPlatform: TargetPlatform;
  readonly nics: readonly NicMapping[];
  /** Source device names that change on the target, to the UUID of the file system on them. */
  readonly deviceUuids: Readonly<Record<string, string>>;
  /** The configuration captured before migration; default: read from the replica's own files. */
  readonly network?: NetworkConfig;
}
