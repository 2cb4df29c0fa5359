// The warm demo's source VM: the cold demo's Debian VM under its own name, made a running guest as
// vCenter sees one with VMware Tools (guest-prep prepares it over Guest Operations, which our prem
// vcsim serves from a Debian tree the demo extracts).
import { join } from 'node:path';
import { extractDebianTree } from '@ferry/testing';
import { reconfigureVm } from '@ferry/vsphere';
import type { DemoEnvironment } from '../cold/environment';
import { makeDemoSourceVm, type DemoSourceVm } from '../cold/source-vm';

export async function makeWarmSourceVm(env: DemoEnvironment, say: (line: string) => void): Promise<DemoSourceVm> {
  const vm = await makeDemoSourceVm(env, say, { name: 'demo-debian-warm', macAddress: '00:50:56:0a:de:02' });
  const root = await extractDebianTree(join(env.dir, 'warm-guest-root'));
  await reconfigureVm(env.premVc, { type: 'VirtualMachine', value: vm.moref }, {
    extraConfig: {
      'SET.guest.guestFullName': 'Debian GNU/Linux 12 (64-bit)',
      'SET.guest.toolsRunningStatus': 'guestToolsRunning',
      'SET.guest.toolsStatus': 'toolsOk',
      'ferry.guestRoot': root,
    },
  });
  say(`${vm.name} reports VMware Tools running (Guest Operations reach the guest tree ${root})`);
  return vm;
}
