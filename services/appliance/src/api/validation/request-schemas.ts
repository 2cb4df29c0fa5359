// One schema per request message of ferry.api.v1.Ferry, by RPC: the declared validation layer the API
// server applies to every call before its handler runs (validated-rpc.ts). The rules are listed in
// README.md ("Validation of API requests").
import type { z } from 'zod';
import {
  createApiKeyRequest,
  createUserRequest,
  grantRoleRequest,
  initAdminRequest,
  listSecurityEventsRequest,
  listUsersRequest,
  loginRequest,
  revokeApiKeyRequest,
  rotateTokenKeyRequest,
  setPasswordRequest,
  whoAmIRequest,
} from './access-requests';
import { assessVmRequest, getVmRequest, listCacheVolumesRequest, listVmsRequest } from './inventory-requests';
import {
  cancelMigrationRequest,
  cutoverRequest,
  getMigrationRequest,
  exportAuditRequest,
  getAuditStatusRequest,
  listMigrationsRequest,
  replayAuditRequest,
  listMigrationEventsRequest,
  migrateBackRequest,
  purgeCloudRequest,
  retryMigrationRequest,
  watchMigrationRequest,
} from './migration-requests';
import { advisePlanRequest, scheduleCutoverRequest } from './cutover-schedule-requests';
import { cancelPlanRequest, createPlanRequest, getPlanRequest, listPlansRequest, setPlanDiskRateRequest, startPlanRequest, watchPlanRequest } from './plan-requests';

export const requestSchemas = {
  ListVms: listVmsRequest,
  GetVm: getVmRequest,
  AssessVm: assessVmRequest,
  CreatePlan: createPlanRequest,
  StartPlan: startPlanRequest,
  GetPlan: getPlanRequest,
  ListPlans: listPlansRequest,
  CancelPlan: cancelPlanRequest,
  SetPlanDiskRate: setPlanDiskRateRequest,
  GetMigration: getMigrationRequest,
  ListMigrations: listMigrationsRequest,
  WatchMigration: watchMigrationRequest,
  CancelMigration: cancelMigrationRequest,
  RetryMigration: retryMigrationRequest,
  MigrateBack: migrateBackRequest,
  PurgeCloud: purgeCloudRequest,
  Cutover: cutoverRequest,
  ScheduleCutover: scheduleCutoverRequest,
  AdvisePlan: advisePlanRequest,
  ListMigrationEvents: listMigrationEventsRequest,
  ListCacheVolumes: listCacheVolumesRequest,
  WatchPlan: watchPlanRequest,
  ReplayAudit: replayAuditRequest,
  ExportAudit: exportAuditRequest,
  GetAuditStatus: getAuditStatusRequest,
  Login: loginRequest,
  WhoAmI: whoAmIRequest,
  InitAdmin: initAdminRequest,
  CreateUser: createUserRequest,
  GrantRole: grantRoleRequest,
  SetPassword: setPasswordRequest,
  ListUsers: listUsersRequest,
  CreateApiKey: createApiKeyRequest,
  RevokeApiKey: revokeApiKeyRequest,
  ListSecurityEvents: listSecurityEventsRequest,
  RotateTokenKey: rotateTokenKeyRequest,
} as const satisfies Record<string, z.ZodTypeAny>;

/** An RPC of ferry.api.v1.Ferry, by its name in the .proto. */
export type FerryRpc = keyof typeof requestSchemas;
