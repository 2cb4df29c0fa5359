// Commands to the plan aggregate. The inventory the plan is checked against comes in on the command,
// read by the caller just before, so the decider stays pure.
import type { MigrationMode, MigrationState, NetworkMapping, StorageMapping, TargetPlacement, VmRef } from '../migration';

export interface PlanCommandMeta {
  readonly commandId: string;
  readonly planId: string;
  readonly at: number;
}

/** The inventory paths of one kind of placement object on the cloud vCenter. */
export interface KnownPaths {
  /** Inventory paths, e.g. "/DC0/vm". */
  readonly paths: readonly string[];
  /** Names of objects whose path the inventory cannot tell (a pool whose parent it does not collect). */
  readonly unresolvedNames: readonly string[];
}

/** What the inventories know, as far as a plan needs it. */
export interface PlanInventory {
  /** Source VMs by moref: the networks their NICs use and the datastores their disks live on. */
  readonly sourceVms: Readonly<Record<string, { readonly networks: readonly string[]; readonly datastores: readonly string[] }>>;
  readonly targetNetworks: readonly string[];
  readonly targetDatastores: readonly string[];
  /** Where the plan's target may point: the cloud's VM folders, resource pools and datacenters. */
  readonly targetPlacement: { readonly folder: KnownPaths; readonly resourcePool: KnownPaths; readonly datacenter: KnownPaths };
}

export type PlanCommand =
  | {
      type: 'CreatePlan';
      data: {
        meta: PlanCommandMeta;
        name: string;
        vms: readonly VmRef[];
        mode: MigrationMode;
        networkMap: readonly NetworkMapping[];
        storageMap: readonly StorageMapping[];
        target: TargetPlacement;
        /** undefined = the default (8). */
        concurrency?: number;
        /** undefined = start when asked. */
        scheduledStartMillis?: number;
        /** Each disk transfer's wire-rate cap in bytes per second; undefined = none. */
        maxDiskBytesPerSecond?: number;
        /** Warm: go ahead with "Not qualified" rows of the support matrix. */
        acceptUnqualified?: boolean;
        /** Pre-copy: seconds between two delta syncs; undefined = the default (3600). */
        precopyIntervalSeconds?: number;
        /** Pre-copy: the smallest interval this appliance accepts; undefined = 60 (tests lower it, see config). */
        precopyMinIntervalSeconds?: number;
        /** Pre-copy: when each migration cuts over by itself; undefined = on Cutover. */
        scheduledCutoverMillis?: number;
        inventory: PlanInventory;
      };
    }
  | { type: 'StartPlan'; data: { meta: PlanCommandMeta; migrationIds: readonly string[] } }
  | { type: 'CancelPlan'; data: { meta: PlanCommandMeta; reason: string } }
  /**
   * A new cap on each disk transfer's wire rate, in bytes per second; 0 lifts it. `migrationPhases`:
   * the phases of the plan's migrations, read by the caller just before (a plan whose migrations
   * are all over takes no new rate).
   */
  | { type: 'SetDiskRate'; data: { meta: PlanCommandMeta; maxDiskBytesPerSecond: number; migrationPhases: readonly MigrationState['phase'][] } };
