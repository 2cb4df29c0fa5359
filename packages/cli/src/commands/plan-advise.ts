// `ferry plan advise <plan>`: per VM, the downtime pre-copy, cold and warm are predicted to take and the
// mode it should rather take, with the reason (AdvisePlan).
import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import { table } from '../api/format';
import type { CliIo } from '../io';
import { seconds } from './downtime-text';

import api = ferry.api.v1;

export function adviceTable(advice: api.PlanAdvice): string {
  const vms = advice.vms ?? [];
  const rows = vms.map((v) => [
    `${v.vm?.moref ?? ''}${v.vm?.name ? ` (${v.vm.name})` : ''}`,
    v.precopy ? seconds(Number(v.precopy.downtimeMillis ?? 0)) : '- (no delta sync yet)',
    seconds(Number(v.coldDowntimeMillis ?? 0)),
    seconds(Number(v.warmDowntimeMillis ?? 0)),
    v.advice ?? '',
    v.reason ?? '',
  ]);
  const guessed = [...new Set(vms.flatMap((v) => v.defaults ?? []))];
  const note = guessed.length > 0 ? `\nfrom documented defaults (this site has no history of them yet): ${guessed.join(', ')}\n` : '';
  return `${table(['VM', 'PRECOPY DOWN', 'COLD DOWN', 'WARM DOWN', 'ADVICE', 'REASON'], rows)}${note}`;
}

export function registerPlanAdvise(plan: Command, io: CliIo): void {
  withApiOptions(plan.command('advise').description('predicted downtime per VM for pre-copy, cold and warm, and the mode each should rather take').argument('<plan>', 'plan id'))
    .action((planId: string, options: ApiOptions) =>
      withAppliance(io, options, (call) => call<api.IAdvisePlanRequest, api.PlanAdvice>('AdvisePlan', { planId }), adviceTable),
    );
}
