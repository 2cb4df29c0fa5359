import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import type { CliIo } from '../io';
import { describeMigration } from './migration-text';

import api = ferry.api.v1;

/** `ferry migrate-back <migration>`: a completed warm migration's VM returns to prem with what it wrote in the cloud. */
export function registerMigrateBack(program: Command, io: CliIo): void {
  withApiOptions(
    program
      .command('migrate-back')
      .description('return a completed warm migration\'s VM to prem with what it wrote in the cloud: the cloud VM is shut down (and kept), the chunks that differ are written into the prem disks, the prem network files are put back as captured at preparation, the prem VM is powered on; follow it with ferry watch')
      .argument('<migration>', 'migration id')
      .option('--reason <text>', 'why, for the audit trail')
      .option('--undo-prep', 'also undo the guest preparation on the prem disk (iSCSI initiator, initramfs, boot entry) before the prem VM runs'),
  ).action((migrationId: string, options: ApiOptions & { reason?: string; undoPrep?: boolean }) =>
    withAppliance(
      io,
      options,
      (call) => call<api.IMigrateBackRequest, api.Migration>('MigrateBack', { migrationId, reason: options.reason ?? '', undoPrep: options.undoPrep === true }),
      (reply) => `migrating back ${describeMigration(reply)}`,
    ),
  );
}
