// The one table of who may call what on ferry.api.v1.Ferry: the least role each RPC needs (roles are
// ordered viewer < operator < admin, access/roles.ts). The gate (validation/validated-rpc.ts) checks
// it before any handler runs; rpc-roles.unit.spec.ts fails when an RPC of the .proto has no row.
// "anyone" RPCs are how a caller gets a credential in the first place.
import type { Role } from '../../access/roles';
import type { FerryRpc } from '../validation/request-schemas';

export type RpcAccess = Role | 'anyone';

export const RPC_ROLES = {
  // Inventory, plans, migrations, events: reads.
  ListVms: 'viewer',
  GetVm: 'viewer',
  AssessVm: 'viewer',
  GetPlan: 'viewer',
  ListPlans: 'viewer',
  WatchPlan: 'viewer',
  GetMigration: 'viewer',
  ListMigrations: 'viewer',
  WatchMigration: 'viewer',
  ListMigrationEvents: 'viewer',
  ListCacheVolumes: 'viewer',
  WhoAmI: 'viewer',
  AdvisePlan: 'viewer',
  // Running migrations.
  CreatePlan: 'operator',
  StartPlan: 'operator',
  CancelPlan: 'operator',
  SetPlanDiskRate: 'operator',
  CancelMigration: 'operator',
  RetryMigration: 'operator',
  MigrateBack: 'operator',
  PurgeCloud: 'operator',
  Cutover: 'operator',
  ScheduleCutover: 'operator',
  // The site's users and keys, the audit trail and the security stream.
  CreateUser: 'admin',
  GrantRole: 'admin',
  SetPassword: 'admin',
  ListUsers: 'admin',
  CreateApiKey: 'admin',
  RevokeApiKey: 'admin',
  ListSecurityEvents: 'admin',
  ReplayAudit: 'admin',
  ExportAudit: 'admin',
  GetAuditStatus: 'admin',
  RotateTokenKey: 'admin',
  // Getting a credential: a password (Login) or, while the site has no admin, the appliance's init code.
  Login: 'anyone',
  InitAdmin: 'anyone',
} as const satisfies Record<FerryRpc, RpcAccess>;
