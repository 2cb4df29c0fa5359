// The side effects of a warm migration's own steps (the itinerary in migration/itineraries/warm.ts).
import type { CacheLun, MovedLunRecord, SourceHardware, TargetPlacement, VmRef } from '../migration';
import type { DiskToCopy, TargetNic } from './effects';

/** One source disk the cache volume serves: where prem reads it and its size. */
export interface CachedDisk {
  readonly diskKey: string;
  readonly datastorePath: string;
  readonly capacityBytes: number;
  readonly lun: number;
}

/** One LUN moved onto the mapped cloud datastore. */
export interface DiskToMove {
  readonly diskKey: string;
  readonly lun: number;
  readonly capacityBytes: number;
  readonly datastore: string;
  /** Moved already by an earlier run of the step (DiskMovedToStorage): reused while the guest wrote nothing since. */
  readonly moved?: MovedLunRecord;
}

/** Where the target boots from: the cache volume's portal, IQN, boot LUN and CHAP user. */
export interface CacheBoot {
  readonly portal: string;
  readonly iqn: string;
  readonly lun: number;
  readonly chapUser: string;
}

export type WarmEffect =
  | { readonly kind: 'PrepareGuest'; readonly migrationId: string; readonly sourceVm: VmRef; readonly prepId: string }
  | {
      readonly kind: 'CreateCacheVolume'; readonly migrationId: string; readonly iqn: string; readonly chapUser: string; readonly disks: readonly CachedDisk[];
      /** The boot disk's (LUN 0's) boot profile key, boot-profile-key.ts; '' for none. */
      readonly bootProfileKey: string;
    }
  | {
      readonly kind: 'CreateTargetOverCache';
      readonly migrationId: string;
      readonly name: string;
      readonly hardware: SourceHardware;
      readonly nics: readonly TargetNic[];
      readonly placement: TargetPlacement;
      /** The folder the VM's files go to. */
      readonly datastore: string;
      readonly boot: CacheBoot;
      readonly luns: readonly CacheLun[];
    }
  | { readonly kind: 'AwaitBootOverCache'; readonly migrationId: string; readonly targetVm: VmRef; readonly iqn: string; readonly portal: string }
  | {
      readonly kind: 'Hydrate';
      readonly migrationId: string;
      readonly iqn: string;
      readonly disks: readonly DiskToCopy[];
      /** Bytes hydrated by copies an earlier run completed. */
      readonly bytesHydratedBefore: number;
    }
  | {
      readonly kind: 'MoveToStorage';
      readonly migrationId: string;
      readonly targetVm: VmRef;
      readonly iqn: string;
      readonly disks: readonly DiskToMove[];
      /** One move per attempt: a re-sent effect (appliance restart) joins the running move. */
      readonly moveId: string;
      /** The network files captured at preparation, re-applied on the moved disks before the VM starts from them. */
      readonly networkFiles: Readonly<Record<string, string>>;
      readonly guestShutdownTimeoutMs: number;
    }
  | { readonly kind: 'ReleaseCache'; readonly migrationId: string; readonly iqn: string; readonly diskKeys: readonly string[] };
