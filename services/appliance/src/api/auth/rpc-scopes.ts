// The one table of what each RPC of ferry.api.v1.Ferry is about, for principals with a scope (a plan
// or a VM folder, access/scopes.ts): the gate (validation/validated-rpc.ts) refuses a call on a plan,
// migration or VM outside the caller's scope, and keeps only what is in scope of what a list returns.
// rpc-scopes.unit.spec.ts fails when an RPC of the .proto has no row.
import { ferry } from '@ferry/proto';
import type { ScopeTarget } from '../../access/scopes';
import type { FerryRpc } from '../validation/request-schemas';

import api = ferry.api.v1;

/** How a call relates to scopes. */
export type RpcScope =
  /** About one plan, migration or VM (or a new plan's VMs): refused outside the scope. */
  | { readonly target: (request: never) => ScopeTarget }
  /** Lists the site's plans, migrations or VMs: what is outside the scope is left out. */
  | 'list'
  /** About the caller alone (getting a credential, WhoAmI): open to any scope. */
  | 'caller';

const plan = (r: { planId?: string | null }): ScopeTarget => ({ kind: 'plan', planId: r.planId ?? '' });
const migration = (r: { migrationId?: string | null }): ScopeTarget => ({ kind: 'migration', migrationId: r.migrationId ?? '' });
const vm = (r: { moref?: string | null }): ScopeTarget => ({ kind: 'vm', moref: r.moref ?? '' });
/** What no plan or VM holds: only principals of the whole site may call it. */
const site = (what: string) => ({ target: (): ScopeTarget => ({ kind: 'site', what }) });

export const RPC_SCOPES = {
  ListVms: 'list',
  ListPlans: 'list',
  ListMigrations: 'list',
  GetVm: { target: vm },
  AssessVm: { target: vm },
  CreatePlan: { target: (r: api.ICreatePlanRequest): ScopeTarget => ({ kind: 'new-plan', vmMorefs: (r.vms ?? []).map((v) => v.moref ?? '') }) },
  GetPlan: { target: plan },
  WatchPlan: { target: plan },
  StartPlan: { target: plan },
  CancelPlan: { target: plan },
  SetPlanDiskRate: { target: plan },
  AdvisePlan: { target: plan },
  GetMigration: { target: migration },
  WatchMigration: { target: migration },
  ListMigrationEvents: { target: migration },
  CancelMigration: { target: migration },
  RetryMigration: { target: migration },
  MigrateBack: { target: migration },
  PurgeCloud: { target: migration },
  Cutover: { target: migration },
  ScheduleCutover: { target: migration },
  ListCacheVolumes: site("the whole site's cache volumes"),
  // Admin RPCs: an admin is never scoped (CreateUser refuses it), so these are the site's alone.
  CreateUser: site("the site's users"),
  GrantRole: site("the site's users"),
  SetPassword: site("the site's users"),
  ListUsers: site("the site's users"),
  CreateApiKey: site("the site's API keys"),
  RevokeApiKey: site("the site's API keys"),
  ListSecurityEvents: site("the site's security stream"),
  ReplayAudit: site("the site's audit trail"),
  ExportAudit: site("the site's audit trail"),
  GetAuditStatus: site("the site's audit trail"),
  RotateTokenKey: site("the site's token key"),
  Login: 'caller',
  InitAdmin: 'caller',
  WhoAmI: 'caller',
} as const satisfies Record<FerryRpc, RpcScope>;

/** Keeps the items of a list reply `keep` admits; a scoped caller is not told how many the site holds in all. */
async function kept<T>(items: readonly T[], targetOf: (item: T) => ScopeTarget, keep: (target: ScopeTarget) => Promise<boolean>): Promise<T[]> {
  const admitted = await Promise.all(items.map((item) => keep(targetOf(item))));
  return items.filter((_, i) => admitted[i]);
}

/** `reply` of list RPC `rpc` with only what `keep` admits (a page may then be shorter than asked; total_size is 0). */
export async function scopedList(rpc: FerryRpc, reply: unknown, keep: (target: ScopeTarget) => Promise<boolean>): Promise<unknown> {
  switch (rpc) {
    case 'ListPlans': {
      const r = reply as api.IListPlansResponse;
      return { ...r, totalSize: 0, plans: await kept(r.plans ?? [], (p) => ({ kind: 'plan', planId: p.id ?? '', vmMorefs: (p.vms ?? []).map((v) => v.moref ?? '') }), keep) };
    }
    case 'ListMigrations': {
      const r = reply as api.IListMigrationsResponse;
      return { ...r, totalSize: 0, migrations: await kept(r.migrations ?? [], (m) => ({ kind: 'migration', migrationId: m.id ?? '', planId: m.planId ?? '', vmMoref: m.sourceVm?.moref ?? '' }), keep) };
    }
    case 'ListVms': {
      const r = reply as api.IListVmsResponse;
      return { ...r, vms: await kept(r.vms ?? [], (v) => ({ kind: 'vm', moref: v.ref?.moref ?? '', folderId: v.folder ?? '' }), keep) };
    }
    default:
      throw new Error(`${rpc} is not a list RPC of rpc-scopes.ts; give it a target there instead`);
  }
}
