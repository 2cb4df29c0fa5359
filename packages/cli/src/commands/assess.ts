import { InvalidArgumentError, type Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import type { CliIo } from '../io';

import api = ferry.api.v1;

const MODES: Readonly<Record<string, ferry.migration.v1.MigrationMode>> = {
  cold: ferry.migration.v1.MigrationMode.MIGRATION_MODE_COLD,
  warm: ferry.migration.v1.MigrationMode.MIGRATION_MODE_WARM,
};

/** "cold" or "warm" → the API's mode; anything else is a usage error (exit 2). */
export function parseMode(value: string): ferry.migration.v1.MigrationMode {
  const mode = MODES[value.toLowerCase()];
  if (mode === undefined) throw new InvalidArgumentError(`"${value}" is not a mode; use cold or warm`);
  return mode;
}

/** `ferry assess <vm> [--mode cold|warm]`: can this VM migrate, and what blocks it. */
export function registerAssess(program: Command, io: CliIo): void {
  withApiOptions(program.command('assess').description('check one VM against the readiness rules').argument('<vm>', 'moref of the VM, e.g. vm-42'))
    .option('--vcenter <role>', '"prem" (source) or "cloud"', 'prem')
    .option('--mode <mode>', 'cold or warm', parseMode, MODES['cold'])
    .action((vm: string, options: ApiOptions & { vcenter: string; mode: ferry.migration.v1.MigrationMode }) =>
      withAppliance(
        io,
        options,
        (call) => call<api.IAssessVmRequest, api.Assessment>('AssessVm', { vcenter: options.vcenter, moref: vm, mode: options.mode }),
        (reply) => {
          const head = `${reply.vm?.moref ?? vm} (${reply.vm?.name ?? ''}): ${reply.ready ? 'ready' : 'BLOCKED'}\n`;
          const lines = reply.findings.map((f) => {
            const severity = (api.Severity[f.severity ?? 0] ?? 'SEVERITY_UNSPECIFIED').replace('SEVERITY_', '');
            return `  [${severity}] ${f.rule}: ${f.message}${f.remedy ? ` (fix: ${f.remedy})` : ''}\n`;
          });
          return head + lines.join('');
        },
      ),
    );
}
