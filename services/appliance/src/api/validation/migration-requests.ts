// The migration RPCs' request messages (ferry.api.v1 GetMigrationRequest, WatchMigrationRequest,
// CancelMigrationRequest, RetryMigrationRequest, MigrateBackRequest, PurgeCloudRequest,
// ListMigrationEventsRequest). Whether the migration exists and may take the command is the
// migration decider's answer.
import { z } from 'zod';
import { migrationId, moref, planId } from './identifiers';
import { listPageSize, listPageToken } from './plan-requests';
import { integerIn, MAX_SAFE } from './numbers';
import { plainText } from './text';

/** A reason is recorded in the migration's events and shown by the CLI: one line of text. */
const reason = plainText(1000, 'say in one line of at most 1000 characters why, or leave it empty');

export const getMigrationRequest = z.object({ migrationId });
export const watchMigrationRequest = z.object({ migrationId });
export const retryMigrationRequest = z.object({ migrationId });
export const cancelMigrationRequest = z.object({ migrationId, reason });
export const migrateBackRequest = z.object({ migrationId, reason });
export const purgeCloudRequest = z.object({ migrationId, reason });
export const cutoverRequest = z.object({ migrationId, reason });

export const listMigrationEventsRequest = z.object({
  migrationId,
  afterSequence: integerIn(0n, MAX_SAFE, 'send the sequence of the last event you have, or 0 for all'),
  limit: integerIn(0n, 2n ** 31n - 1n, 'use 0 for up to 1000 events or a positive count'),
});

/** Phases are ferry.migration.v1.Phase numbers (0: any); the proto decoder already keeps them in int32. */
const phase = integerIn(0n, 99n, 'use a ferry.migration.v1.Phase value, or PHASE_UNSPECIFIED (0) for any phase');

export const listMigrationsRequest = z.object({
  // Empty: every plan.
  planId: planId.or(z.literal('')).or(z.null()).or(z.undefined()),
  phase,
  vmMoref: moref,
  pageSize: listPageSize,
  pageToken: listPageToken,
});

/** Audit: a point of the stream (a sequence, a time) and an aggregate id, all optional. */
const aggregateId = plainText(200, 'send the id of a migration, plan or preparation, or leave it empty for every aggregate');

export const replayAuditRequest = z.object({
  untilSequence: integerIn(0n, MAX_SAFE, 'send a stream sequence (ferry events shows them), or 0 for the end of the stream'),
  untilTime: z.object({ unixMillis: integerIn(0n, MAX_SAFE, 'send a time in Unix milliseconds, or leave it unset for the end of the stream') }).nullish(),
  aggregateId,
});

export const exportAuditRequest = z.object({
  afterSequence: integerIn(0n, MAX_SAFE, 'send the sequence of the last event you have, or 0 for all'),
  aggregateId,
});

export const getAuditStatusRequest = z.object({});
