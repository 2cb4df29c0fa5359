// The migration RPCs' request messages (ferry.api.v1 GetMigrationRequest, WatchMigrationRequest,
// CancelMigrationRequest, RetryMigrationRequest, MigrateBackRequest, PurgeCloudRequest,
// ListMigrationEventsRequest). Whether the migration exists and may take the command is the
// migration decider's answer.
import { z } from 'zod';
import { migrationId } from './identifiers';
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

export const listMigrationEventsRequest = z.object({
  migrationId,
  afterSequence: integerIn(0n, MAX_SAFE, 'send the sequence of the last event you have, or 0 for all'),
  limit: integerIn(0n, 2n ** 31n - 1n, 'use 0 for up to 1000 events or a positive count'),
});
