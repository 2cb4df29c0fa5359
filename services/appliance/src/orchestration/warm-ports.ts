// The ports a warm migration's steps drive, beside cold's (ports.ts). Adapters in src/adapters
// implement them against guest-prep, prem-manager, cloud-cache and the cloud vCenter.
import type { CacheLun, ChunkSpan, VmRef } from '../migration';
import type { DiskCopyPort } from './ports';
import type { EffectOf } from './effects';

/** What guest-prep did to the running source guest. */
export interface GuestPreparation {
  readonly guestOs: string;
  readonly steps: readonly string[];
  /** The guest's network configuration as captured, JSON. */
  readonly networkJson: string;
}

/** guest-prep's prepare-to-migrate through vSphere Guest Operations. Rejects with guest-prep's reason. */
export interface GuestPrepPort {
  prepare(effect: EffectOf<'PrepareGuest'>): Promise<GuestPreparation>;
}

/** One LUN moved onto a cloud datastore. */
export interface MovedLun {
  /** The VM the import made for the disk (a shell: its disk is what matters). */
  readonly shellVm: string;
  readonly datastorePath: string;
  readonly bytes: number;
  readonly chunksWrittenDuringMove: number;
  /** Chunks of the LUN the guest wrote while it ran over the cache. */
  readonly chunksWrittenInCloud: number;
  /** Which chunks those are, as closed index ranges. */
  readonly writtenInCloud: readonly ChunkSpan[];
  /** Bytes fetched from prem for the guest's reads, as cloud-cache counted them. */
  readonly bytesFetchedOnDemand: number;
}

/** The migration's cloud-cache volume, and prem serving its disks on demand. */
export interface CacheVolumePort {
  /** prem exposes each disk, then the cache makes the volume (idempotent per IQN). */
  create(effect: EffectOf<'CreateCacheVolume'>): Promise<{ portal: string; luns: CacheLun[] }>;
  /** The initiators logged in to the volume now. */
  initiators(iqn: string): Promise<string[]>;
  /** Streams a fully present LUN into the cloud vCenter (NFC import) under `vmName`. */
  move(request: { iqn: string; lun: number; vmName: string; datastore: string; requestId: string }): Promise<MovedLun>;
  /** Every chunk index of the LUN written through the target since the volume was made (ascending). */
  writtenChunks(iqn: string, lun: number): Promise<number[]>;
  /** Deletes the volume (an absent one is fine) and ends prem's exposure of each disk; returns what it did. */
  release(migrationId: string, iqn: string, diskKeys: readonly string[]): Promise<string[]>;
}

/** guest-prep on the moved disks: the network captured at preparation put back (files the cloud stay changed or added). */
export interface GuestNetworkPort {
  /** `datastorePaths`: the moved disks, in the VM's order; returns guest-prep's steps ("<step>: <status> - <message>"). */
  reapply(request: { migrationId: string; runId: string; vm: VmRef; datastorePaths: readonly string[]; networkFiles: Readonly<Record<string, string>> }): Promise<string[]>;
}

/** The target VM on the cloud vCenter in its warm life: over the cache, then on its storage disks. */
export interface WarmTargetPort {
  /** A VM without disks that boots over iSCSI from the cache volume (recorded in its ExtraConfig). */
  createOverCache(effect: EffectOf<'CreateTargetOverCache'>): Promise<VmRef>;
  /** Guest shutdown, hard power-off after `guestTimeoutMs`; 'already' when it was off. */
  powerOff(vm: VmRef, guestTimeoutMs: number): Promise<{ method: 'guest' | 'hard' | 'already' }>;
  /** Attaches the moved disks (in order; the first boots), drops the iSCSI boot and unregisters the import shells. */
  switchToDisks(vm: VmRef, disks: readonly { datastorePath: string; capacityBytes: number; shellVm: string }[]): Promise<void>;
  powerOn(vm: VmRef): Promise<void>;
  /** Removes the migration's cloud VM (off, kept after a migrate back) and the storage disks its removal left; returns what went. */
  purge(migrationId: string, storageDisks: readonly string[]): Promise<string[]>;
  /** The named cloud datastore's free bytes as the cloud vCenter reports them after a refresh; undefined: no such datastore. */
  datastoreFreeBytes(datastore: string): Promise<number | undefined>;
}

export interface WarmPorts {
  readonly guestPrep: GuestPrepPort;
  readonly cache: CacheVolumePort;
  /** The background copy into the cache volume (the data plane with the cache as its target). */
  readonly hydration: DiskCopyPort;
  readonly target: WarmTargetPort;
  /** Re-applies the captured network on the moved disks (MoveToStorage, before the VM starts from them). */
  readonly network: GuestNetworkPort;
  /** How long after power-on a cloud host must have logged in to the volume. */
  readonly bootTimeoutMs: number;
  /** Between two looks at the volume's initiators. */
  readonly bootPollMs: number;
}
