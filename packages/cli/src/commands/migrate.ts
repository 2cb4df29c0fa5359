import { InvalidArgumentError, type Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import type { CliIo } from '../io';
import { integer, pair } from './plan';
import { watchToEnd } from './watch';

import api = ferry.api.v1;

interface MigrateOptions extends ApiOptions {
  cold?: boolean;
  warm?: boolean;
  precopy?: boolean;
  precopyInterval?: number;
  acceptUnqualified?: boolean;
  network: [string, string][];
  storage: [string, string][];
  name?: string;
  folder: string;
  resourcePool: string;
  datacenter: string;
  maxDiskRate?: number;
  watch?: boolean;
}

/** "90s", "15m", "1h" (or plain seconds) → seconds; the appliance checks the minimum and names it. */
export function intervalSeconds(value: string): number {
  const match = /^(\d+)(s|m|h)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`"${value}" is not a duration; use e.g. 90s, 15m or 1h`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
}

/** What `ferry migrate` prints: the plan it made and the migration it started. */
class Started {
  constructor(readonly planId: string, readonly migrationId: string) {}
  toJSON(): { planId: string; migrationId: string } {
    return { planId: this.planId, migrationId: this.migrationId };
  }
}

/** `ferry migrate <vm> --cold|--warm`: a one-VM plan, started; prints the migration id and, with --watch, follows it. */
export function registerMigrate(program: Command, io: CliIo): void {
  const command = withApiOptions(program.command('migrate').description('migrate one prem VM now: creates a one-VM plan, starts it and prints the migration id').argument('<vm>', 'prem VM moref'))
    .option('--cold', 'cold migration: the source is powered off while its disks are copied, then the target boots')
    .option('--warm', 'warm migration: the guest is prepared, the source powered off, and the target boots at once over the cloud cache while its disks hydrate, then moves to cloud storage')
    .option('--precopy', 'pre-copy migration: the source keeps running while CBT snapshots sync (in full, then deltas every --precopy-interval); `ferry cutover <migration>` shuts it down, ships the final delta and brings the target up')
    .option('--precopy-interval <duration>', 'pre-copy: time between two delta syncs, e.g. 15m, 1h or 90s (default 60m, at least 1m)', intervalSeconds)
    .option('--accept-unqualified', 'warm: go ahead with a guest OS the support matrix marks "Not qualified"')
    .option('--network <source=target>', 'map a prem network to a cloud network (repeat)', pair('--network'), [])
    .option('--storage <source=target>', 'map a prem datastore to a cloud datastore (repeat)', pair('--storage'), [])
    .option('--name <name>', 'plan name, unique on the appliance (default: "migrate <vm> <UTC time>")')
    .option('--folder <path>', 'target VM folder', '')
    .option('--resource-pool <path>', 'target resource pool', '')
    .option('--datacenter <name>', 'target datacenter', '')
    .option('--max-disk-rate <MiB/s>', "cap each disk transfer's wire rate (warm: the hydration), in MiB per second; `ferry plan set-rate` changes it later", integer)
    .option('--watch', 'follow the migration until it ends (exit 0 completed, 1 failed or cancelled)');
  command.action(async (vm: string, options: MigrateOptions) => {
    if ([options.cold, options.warm, options.precopy].filter(Boolean).length !== 1) command.error('ferry migrate: pass exactly one of --cold, --warm or --precopy', { exitCode: 2 });
    if (options.acceptUnqualified && !options.warm) command.error('ferry migrate: --accept-unqualified applies to --warm only', { exitCode: 2 });
    if (options.precopyInterval !== undefined && !options.precopy) command.error('ferry migrate: --precopy-interval applies to --precopy only', { exitCode: 2 });
    const modes = ferry.migration.v1.MigrationMode;
    const mode = options.warm ? modes.MIGRATION_MODE_WARM : options.precopy ? modes.MIGRATION_MODE_PRECOPY : modes.MIGRATION_MODE_COLD;
    let started: Started | undefined;
    await withAppliance(
      io,
      options,
      async (call) => {
        const plan = await call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
          // Plan names are unique on the appliance: the time lets the same VM be migrated again (after a migrate back, a cancel).
          name: options.name ?? `migrate ${vm} ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
          vms: [{ vcenter: 'prem', moref: vm }],
          mode,
          acceptUnqualified: options.acceptUnqualified === true,
          networkMap: options.network.map(([sourceNetwork, targetNetwork]) => ({ sourceNetwork, targetNetwork })),
          storageMap: options.storage.map(([sourceDatastore, targetDatastore]) => ({ sourceDatastore, targetDatastore })),
          target: { folder: options.folder, resourcePool: options.resourcePool, datacenter: options.datacenter },
          concurrency: 1,
          ...(options.maxDiskRate === undefined ? {} : { maxDiskBytesPerSecond: options.maxDiskRate * 2 ** 20 }),
          ...(options.precopyInterval === undefined ? {} : { precopyIntervalSeconds: options.precopyInterval }),
        });
        const running = await call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId: plan.id });
        const migrationId = running.migrationIds[0];
        if (!migrationId) throw new Error(`plan ${plan.id} started without a migration; see \`ferry plan show ${plan.id}\``);
        started = new Started(plan.id, migrationId);
        return started;
      },
      (s) => `started migration ${s.migrationId} of ${vm} (plan ${s.planId})\n`,
    );
    if (started && options.watch) await watchToEnd(io, options, started.migrationId);
  });
}
