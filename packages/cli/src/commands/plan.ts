import { InvalidArgumentError, type Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import { isoTime } from '../api/format';
import { bytes } from '../api/progress-line';
import type { CliIo } from '../io';
import { parseMode } from './assess';
import { registerPlanAdvise } from './plan-advise';
import { registerPlanWatch } from './plan-watch';
import { isoInstant } from './time-option';

import api = ferry.api.v1;

/** "source=target" → the pair; anything else is a usage error (exit 2). */
export function pair(flag: string) {
  return (value: string, previous: [string, string][] = []): [string, string][] => {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError(`"${value}" is not <source>=<target>; e.g. ${flag} "VM Network=cloud-net"`);
    return [...previous, [value.slice(0, at), value.slice(at + 1)]];
  };
}

export function integer(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return Number(value);
}

function many(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** One plan in a few lines. */
function describePlan(plan: api.Plan): string {
  const status = (api.PlanStatus[plan.status] ?? '').replace('PLAN_STATUS_', '');
  const lines = [
    `plan ${plan.id} "${plan.name}": ${status}, ${plan.vms.length} VM(s), concurrency ${plan.concurrency}, ${Number(plan.maxDiskBytesPerSecond) > 0 ? `each disk capped at ${bytes(Number(plan.maxDiskBytesPerSecond))}/s` : 'no disk rate cap'}, created ${isoTime(plan.createdAt?.unixMillis)}`,
    ...(plan.scheduledStart ? [`  starts by itself at ${isoTime(plan.scheduledStart.unixMillis)}`] : []),
    ...(plan.scheduledCutover ? [`  each migration cuts over by itself at ${isoTime(plan.scheduledCutover.unixMillis)}`] : []),
    ...plan.vms.map((vm) => `  vm ${vm.moref}${vm.name ? ` (${vm.name})` : ''}`),
    ...plan.migrationIds.map((id) => `  migration ${id}`),
  ];
  return `${lines.join('\n')}\n`;
}

interface CreateOptions extends ApiOptions {
  name: string;
  vm: string[];
  network: [string, string][];
  storage: [string, string][];
  mode: ferry.migration.v1.MigrationMode;
  concurrency?: number;
  maxDiskRate?: number;
  startAt?: number;
  cutoverAt?: number;
  folder: string;
  resourcePool: string;
  datacenter: string;
  requestId?: string;
}

function registerCreate(plan: Command, io: CliIo): void {
  withApiOptions(plan.command('create').description('create a migration plan; the appliance checks it against the inventory'))
    .requiredOption('--name <name>', 'the plan name')
    .requiredOption('--vm <moref>', 'a prem VM to migrate (repeat for more)', many)
    .option('--network <source=target>', 'map a prem network to a cloud network (repeat)', pair('--network'), [])
    .option('--storage <source=target>', 'map a prem datastore to a cloud datastore (repeat)', pair('--storage'), [])
    .option('--mode <mode>', 'cold or warm', parseMode, ferry.migration.v1.MigrationMode.MIGRATION_MODE_COLD)
    .option('--concurrency <n>', 'how many VMs migrate at once (default: the appliance default, 8)', integer)
    .option('--max-disk-rate <MiB/s>', "cap each disk transfer's wire rate, in MiB per second (default: no cap)", integer)
    .option('--start-at <ISO time>', 'start the plan by itself at this time, e.g. 2026-12-04T22:00:00Z (without it: `ferry plan start`)', isoInstant('--start-at'))
    .option('--cutover-at <ISO time>', 'pre-copy: each migration cuts over by itself at this time (without it: `ferry cutover`)', isoInstant('--cutover-at'))
    .option('--folder <path>', 'target VM folder', '')
    .option('--resource-pool <path>', 'target resource pool', '')
    .option('--datacenter <name>', 'target datacenter', '')
    .option('--request-id <id>', 'idempotency key: the same id again returns the same plan')
    .action((options: CreateOptions) =>
      withAppliance(
        io,
        options,
        (call) =>
          call<api.ICreatePlanRequest, api.Plan>('CreatePlan', {
            name: options.name,
            vms: options.vm.map((moref) => ({ vcenter: 'prem', moref })),
            mode: options.mode,
            networkMap: options.network.map(([sourceNetwork, targetNetwork]) => ({ sourceNetwork, targetNetwork })),
            storageMap: options.storage.map(([sourceDatastore, targetDatastore]) => ({ sourceDatastore, targetDatastore })),
            target: { folder: options.folder, resourcePool: options.resourcePool, datacenter: options.datacenter },
            ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
            ...(options.maxDiskRate === undefined ? {} : { maxDiskBytesPerSecond: options.maxDiskRate * 2 ** 20 }),
            ...(options.startAt === undefined ? {} : { scheduledStart: { unixMillis: options.startAt } }),
            ...(options.cutoverAt === undefined ? {} : { scheduledCutover: { unixMillis: options.cutoverAt } }),
            requestId: options.requestId ?? '',
          }),
        (reply) => `created ${describePlan(reply)}`,
      ),
    );
}

/** `ferry plan set-rate <plan> <MiB/s>`: 0 lifts the cap. */
function registerSetRate(plan: Command, io: CliIo): void {
  withApiOptions(
    plan
      .command('set-rate')
      .description("change the cap on each disk transfer's wire rate: copies under way take it at once, later ones start with it")
      .argument('<plan>', 'plan id')
      .argument('<MiB/s>', 'the new cap in MiB per second; 0 lifts the cap', integer),
  ).action((planId: string, mibPerSecond: number, options: ApiOptions) =>
    withAppliance(
      io,
      options,
      (call) => call<api.ISetPlanDiskRateRequest, api.Plan>('SetPlanDiskRate', { planId, maxDiskBytesPerSecond: mibPerSecond * 2 ** 20 }),
      (reply) => `rate set: ${describePlan(reply)}`,
    ),
  );
}

/** `ferry plan create|start|cancel|show|set-rate|watch`. */
export function registerPlan(program: Command, io: CliIo): void {
  const plan = program.command('plan').description('create, start and inspect migration plans');
  registerCreate(plan, io);
  registerSetRate(plan, io);
  registerPlanWatch(plan, io);
  registerPlanAdvise(plan, io);
  withApiOptions(plan.command('start').description('start a plan; the appliance plans as many migrations as its concurrency allows').argument('<plan>', 'plan id'))
    .action((planId: string, options: ApiOptions) =>
      withAppliance(io, options, (call) => call<api.IStartPlanRequest, api.Plan>('StartPlan', { planId }), (reply) => `started ${describePlan(reply)}`),
    );
  withApiOptions(plan.command('cancel').description('stop a plan from starting more migrations; those under way go on (ferry cancel <migration> stops one)').argument('<plan>', 'plan id').option('--reason <text>', 'why, for the audit trail'))
    .action((planId: string, options: ApiOptions & { reason?: string }) =>
      withAppliance(io, options, (call) => call<api.ICancelPlanRequest, api.Plan>('CancelPlan', { planId, reason: options.reason ?? '' }), (reply) => `cancelled ${describePlan(reply)}`),
    );
  withApiOptions(plan.command('show').description('one plan and its migrations').argument('<plan>', 'plan id'))
    .action((planId: string, options: ApiOptions) => withAppliance(io, options, (call) => call<api.IGetPlanRequest, api.Plan>('GetPlan', { planId }), describePlan));
}
