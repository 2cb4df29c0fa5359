// `ferry plans` and `ferry migrations [--plan] [--phase] [--vm]`: every plan and migration of the
// site as a table, following the API's pages.
import { InvalidArgumentError, type Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions, type Call } from '../api/appliance';
import { isoTime, table } from '../api/format';
import type { CliIo } from '../io';
import { phaseName } from './migration-text';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

const PAGE = 500;

/** "completed" → PHASE_COMPLETED; anything else is a usage error naming the phases. */
export function parsePhase(value: string): number {
  const number = mig.Phase[`PHASE_${value.toUpperCase().replace(/-/g, '_')}` as keyof typeof mig.Phase];
  if (typeof number !== 'number' || number === 0) {
    const known = Object.keys(mig.Phase).filter((k) => k !== 'PHASE_UNSPECIFIED').map((k) => k.replace('PHASE_', '').toLowerCase());
    throw new InvalidArgumentError(`--phase ${value}: not a phase; use one of ${known.join(', ')}`);
  }
  return number;
}

async function allPages<T>(next: (pageToken: string) => Promise<{ items: T[]; nextPageToken: string }>): Promise<T[]> {
  const items: T[] = [];
  let token = '';
  do {
    const page = await next(token);
    items.push(...page.items);
    token = page.nextPageToken;
  } while (token);
  return items;
}

async function listPlans(call: Call): Promise<api.ListPlansResponse> {
  const plans = await allPages(async (pageToken) => {
    const page = await call<api.IListPlansRequest, api.ListPlansResponse>('ListPlans', { pageSize: PAGE, pageToken });
    return { items: page.plans, nextPageToken: page.nextPageToken };
  });
  return api.ListPlansResponse.create({ plans, totalSize: plans.length });
}

async function listMigrations(call: Call, filter: api.IListMigrationsRequest): Promise<api.ListMigrationsResponse> {
  const migrations = await allPages(async (pageToken) => {
    const page = await call<api.IListMigrationsRequest, api.ListMigrationsResponse>('ListMigrations', { ...filter, pageSize: PAGE, pageToken });
    return { items: page.migrations, nextPageToken: page.nextPageToken };
  });
  return api.ListMigrationsResponse.create({ migrations, totalSize: migrations.length });
}

export function registerLists(program: Command, io: CliIo): void {
  withApiOptions(program.command('plans').description('every plan of the site, oldest first')).action((options: ApiOptions) =>
    withAppliance(io, options, listPlans, (reply) =>
      reply.plans.length === 0
        ? 'no plans yet (ferry plan create)\n'
        : table(
            ['PLAN', 'STATUS', 'NAME', 'VMS', 'MIGRATIONS', 'CREATED', 'SCHEDULED START'],
            reply.plans.map((p) => [
              p.id, (api.PlanStatus[p.status ?? 0] ?? '').replace('PLAN_STATUS_', '').toLowerCase(), p.name, String(p.vms?.length ?? 0), String(p.migrationIds?.length ?? 0),
              isoTime(p.createdAt?.unixMillis), isoTime(p.scheduledStart?.unixMillis),
            ]),
          ),
    ),
  );
  withApiOptions(
    program
      .command('migrations')
      .description('migrations of the site in the order they were planned, filtered by plan, phase or VM')
      .option('--plan <plan>', 'only this plan')
      .option('--phase <phase>', 'only this phase, e.g. failed, completed, copying-disks', parsePhase)
      .option('--vm <moref>', 'only this prem VM'),
  ).action((options: ApiOptions & { plan?: string; phase?: number; vm?: string }) =>
    withAppliance(
      io,
      options,
      (call) => listMigrations(call, { planId: options.plan ?? '', phase: options.phase ?? 0, vmMoref: options.vm ?? '' }),
      (reply) =>
        reply.migrations.length === 0
          ? 'no migrations match\n'
          : table(
              ['MIGRATION', 'PHASE', 'VM', 'PLAN', 'REASON'],
              reply.migrations.map((m) => [m.id, phaseName(m.phase), `${m.sourceVm?.moref ?? ''}${m.sourceVm?.name ? ` (${m.sourceVm.name})` : ''}`, m.planId, m.failureReason]),
            ),
    ),
  );
}
