// Commands to the plan aggregate. The inventory the plan is checked against comes in on the command,
// read by the caller just before, so the decider stays pure.
import type { MigrationMode, NetworkMapping, StorageMapping, TargetPlacement, VmRef } from '../migration';

export interface PlanCommandMeta {
  readonly commandId: string;
  readonly planId: string;
  readonly at: number;
}

/** What the inventories know, as far as a plan needs it. */
export interface PlanInventory {
  /** Source VMs by moref: the networks their NICs use and the datastores their disks live on. */
  readonly sourceVms: Readonly<Record<string, { readonly networks: readonly string[]; readonly datastores: readonly string[] }>>;
  readonly targetNetworks: readonly string[];
  readonly targetDatastores: readonly string[];
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
        inventory: PlanInventory;
      };
    }
  | { type: 'StartPlan'; data: { meta: PlanCommandMeta; migrationIds: readonly string[] } }
  | { type: 'CancelPlan'; data: { meta: PlanCommandMeta; reason: string } }
  /** A new cap on each disk transfer's wire rate, in bytes per second; 0 lifts it. */
  | { type: 'SetDiskRate'; data: { meta: PlanCommandMeta; maxDiskBytesPerSecond: number } };
