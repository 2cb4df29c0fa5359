import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import { isoTime, table } from '../api/format';
import type { CliIo } from '../io';

import api = ferry.api.v1;

/** `ferry events <migration>`: the migration's stored events in order, with who, which command and which trace. */
export function registerEvents(program: Command, io: CliIo): void {
  withApiOptions(program.command('events').description("a migration's event history (the audit trail)").argument('<migration>', 'migration id'))
    .action((migrationId: string, options: ApiOptions) =>
      withAppliance(
        io,
        options,
        (call) => call<api.IListMigrationEventsRequest, api.ListMigrationEventsResponse>('ListMigrationEvents', { migrationId }),
        (reply) =>
          table(
            ['SEQ', 'AT', 'EVENT', 'ACTOR', 'COMMAND', 'TRACE'],
            reply.events.map((e) => [
              String(e.sequence), isoTime(e.meta?.at?.unixMillis), e.typeName,
              `${e.meta?.actor?.kind ?? ''}:${e.meta?.actor?.id ?? ''}`, e.meta?.causeCommandId ?? '', e.meta?.traceId ?? '',
            ]),
          ),
      ),
    );
}
