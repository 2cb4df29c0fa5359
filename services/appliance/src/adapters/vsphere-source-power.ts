// The power half of SourceVmPort on the prem vCenter: guest shutdown, hard off after the timeout.
import { powerOff, powerOn, type VsphereClient } from '@ferry/vsphere';
import type { VmRef } from '../migration';

export class VsphereSourcePower {
  constructor(private readonly client: VsphereClient) {}

  async powerOff(vm: VmRef, guestTimeoutMs: number): Promise<{ method: 'guest' | 'hard' | 'already' }> {
    return powerOff(this.client, { type: 'VirtualMachine', value: vm.moref }, guestTimeoutMs);
  }

  async powerOn(vm: VmRef): Promise<void> {
    await powerOn(this.client, { type: 'VirtualMachine', value: vm.moref });
  }
}
