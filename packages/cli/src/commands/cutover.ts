import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import type { CliIo } from '../io';
import { isoTime } from '../api/format';
import { downtimeLine } from './downtime-text';
import { describeMigration } from './migration-text';
import { isoInstant } from './time-option';

import api = ferry.api.v1;

/** `ferry cutover <migration>`: a pre-copy migration cuts over once its sync under way completed. */
export function registerCutover(program: Command, io: CliIo): void {
  withApiOptions(
    program
      .command('cutover')
      .description('cut a pre-copy migration over: once the sync under way completed, the source is shut down, the final delta ships (the source re-hashed), the target is created, fixed up and powered on; follow it with ferry watch')
      .argument('<migration>', 'migration id')
      .option('--reason <text>', 'why now, for the audit trail')
      .option('--at <ISO time>', 'cut over by itself at this time instead, e.g. 2026-12-04T22:00:00Z (ScheduleCutover; the appliance asks for it then, also after a restart)', isoInstant('--at')),
  ).action((migrationId: string, options: ApiOptions & { reason?: string; at?: number }) =>
    withAppliance(
      io,
      options,
      (call) =>
        options.at === undefined
          ? call<api.ICutoverRequest, api.Migration>('Cutover', { migrationId, reason: options.reason ?? '' })
          : call<api.IScheduleCutoverRequest, api.Migration>('ScheduleCutover', { migrationId, at: { unixMillis: options.at } }),
      (reply) => {
        const what = options.at === undefined ? 'cutover requested' : `cutover scheduled for ${isoTime(reply.downtime?.cutoverScheduledAt?.unixMillis)}`;
        const predicted = downtimeLine(reply.downtime);
        return `${what}: ${describeMigration(reply)}${predicted ? `  ${predicted}\n` : ''}`;
      },
    ),
  );
}
