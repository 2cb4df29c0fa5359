import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import type { CliIo } from '../io';
import { describeMigration } from './migration-text';

import api = ferry.api.v1;

interface CancelOptions extends ApiOptions {
  reason?: string;
}

/** `ferry cancel <migration>`: stops a migration; the appliance undoes what it did (source powered on again, target removed). */
export function registerCancel(program: Command, io: CliIo): void {
  withApiOptions(program.command('cancel').description('cancel a migration; the appliance powers the source back on and removes a half-made target').argument('<migration>', 'migration id'))
    .option('--reason <text>', 'why, for the audit trail')
    .action((migrationId: string, options: CancelOptions) =>
      withAppliance(
        io,
        options,
        (call) => call<api.ICancelMigrationRequest, api.Migration>('CancelMigration', { migrationId, reason: options.reason ?? '' }),
        (reply) => `cancelled ${describeMigration(reply)}`,
      ),
    );
}
