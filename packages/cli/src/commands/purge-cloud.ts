import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions, type Call } from '../api/appliance';
import type { CliIo } from '../io';

import api = ferry.api.v1;

/** Between two looks at the purge. */
const POLL_MS = 1000;

/** Asks for the purge, then follows it until the cloud VM is gone (or `timeoutMs` passed). */
async function purgeAndWait(call: Call, migrationId: string, reason: string, timeoutMs: number): Promise<api.Migration> {
  let migration = await call<api.IPurgeCloudRequest, api.Migration>('PurgeCloud', { migrationId, reason });
  const deadline = Date.now() + timeoutMs;
  while (!migration.back?.cloudPurgedAt && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    migration = await call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId });
  }
  return migration;
}

/** `ferry migration purge-cloud <migration>`: after a migrate back, the cloud VM kept powered off and its disks are removed. */
export function registerMigrationCommands(program: Command, io: CliIo): void {
  const migration = program.command('migration').description('act on one migration after it ended');
  withApiOptions(
    migration
      .command('purge-cloud')
      .description('after a migrate back: remove the cloud VM (kept powered off) and its disks from the cloud vCenter; waits until they are gone')
      .argument('<migration>', 'migration id')
      .option('--reason <text>', 'why, for the audit trail')
      .option('--timeout <seconds>', 'how long to wait for the removal', '600'),
  ).action((migrationId: string, options: ApiOptions & { reason?: string; timeout: string }) =>
    withAppliance(
      io,
      options,
      (call) => purgeAndWait(call, migrationId, options.reason ?? '', Number(options.timeout) * 1000),
      (reply) => {
        const steps = reply.back?.purgeSteps ?? [];
        if (!reply.back?.cloudPurgedAt) return `purge of the cloud VM of migration ${migrationId} requested, not finished yet; see ferry migration purge-cloud again or GetMigration\n`;
        return `cloud VM of migration ${migrationId} purged: ${steps.join('; ') || 'nothing was left'}\n`;
      },
    ),
  );
}
