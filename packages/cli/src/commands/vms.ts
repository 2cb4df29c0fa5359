import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import { table } from '../api/format';
import type { CliIo } from '../io';

import api = ferry.api.v1;

/** `ferry vms [--vcenter prem|cloud] [--name <substring>]`: the VMs the inventory knows. */
export function registerVms(program: Command, io: CliIo): void {
  withApiOptions(program.command('vms').description('list the VMs of a vCenter (prem by default)'))
    .option('--vcenter <role>', '"prem" (source) or "cloud" (target)', 'prem')
    .option('--name <substring>', 'only VMs whose name contains this')
    .action((options: ApiOptions & { vcenter: string; name?: string }) =>
      withAppliance(
        io,
        options,
        async (call) => {
          const vms: api.IVm[] = [];
          let pageToken = '';
          do {
            const page = await call<api.IListVmsRequest, api.ListVmsResponse>('ListVms', { vcenter: options.vcenter, nameFilter: options.name ?? '', pageSize: 500, pageToken });
            vms.push(...page.vms);
            pageToken = page.nextPageToken;
          } while (pageToken);
          return api.ListVmsResponse.create({ vms });
        },
        (reply) =>
          reply.vms.length === 0
            ? `no VMs on the ${options.vcenter} vCenter${options.name ? ` matching "${options.name}"` : ''}\n`
            : table(
                ['MOREF', 'NAME', 'POWER', 'CPUS', 'MEMORY MiB', 'DISKS', 'NETWORKS', 'CBT'],
                reply.vms.map((vm) => [
                  vm.ref?.moref ?? '', vm.ref?.name ?? '', vm.powerState, String(vm.cpus), String(vm.memoryMib),
                  String((vm.disks ?? []).length), (vm.networks ?? []).join(',') || '-', vm.cbtEnabled ? 'on' : 'off',
                ]),
              ),
      ),
    );
}
