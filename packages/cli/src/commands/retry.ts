import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import type { CliIo } from '../io';
import { describeMigration } from './migration-text';

import api = ferry.api.v1;

/** `ferry retry <migration>`: a failed migration runs its failed step again (a disk copy resumes where it stopped). */
export function registerRetry(program: Command, io: CliIo): void {
  withApiOptions(program.command('retry').description('retry a failed migration from the step that failed').argument('<migration>', 'migration id'))
    .action((migrationId: string, options: ApiOptions) =>
      withAppliance(
        io,
        options,
        (call) => call<api.IRetryMigrationRequest, api.Migration>('RetryMigration', { migrationId }),
        (reply) => `retrying ${describeMigration(reply)}`,
      ),
    );
}
