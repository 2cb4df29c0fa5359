import { UnavailableError } from '@ferry/errors';
import { guestOperationsManagers, retrieveContainer, str, VsphereClient, type MoRef } from '@ferry/vsphere';
import { startVcsim, type VcsimInstance } from '@ferry/testing';
import { VsphereGuestChannel } from '../src/channels/vsphere';
import { type GuestPrepEvent } from '../src/prep/events';
import { prepareLinuxGuest } from '../src/prep/runner';
import { runWindowsPrep } from '../src/windows/runner';

// Debian's vcsim implements the guest file transfers only for VMs backed by a container (it needs
// docker, absent here), so they answer GuestOperationsUnavailable, and it does not implement
// StartProgramInGuest, ListProcessesInGuest and MakeDirectoryInGuest at all (MethodNotFound). What we can prove against it:
// the managers are found, our SOAP requests are accepted up to those faults, and a fault reaches
// the operator as a clear GuestPrepFailed. The happy path is not testable here.
describe('vSphere Guest Operations channel against vcsim', () => {
  jest.setTimeout(120_000);
  let vcsim: VcsimInstance | undefined;
  let client: VsphereClient | undefined;
  let vm: MoRef | undefined;

  beforeAll(async () => {
    vcsim = await startVcsim({ model: { vmsPerPool: 1, autostart: true } });
    client = await VsphereClient.connect({ url: vcsim.sdkUrl, username: vcsim.username, password: vcsim.password, tls: { thumbprint: vcsim.thumbprint } });
    for await (const page of retrieveContainer(client, [{ type: 'VirtualMachine', paths: ['name', 'runtime.powerState'] }])) {
      vm ??= page.find((o) => str(o.props.get('runtime.powerState')) === 'poweredOn')?.obj;
    }
  });
  afterAll(async () => {
    await client?.logout();
    await vcsim?.stop();
  });

  it('finds the GuestOperationsManager with its file and process managers', async () => {
    if (!client) throw new Error('set-up failed');
    const managers = await guestOperationsManagers(client);
    expect(managers.fileManager.type).toBe('GuestFileManager');
    expect(managers.processManager.type).toBe('GuestProcessManager');
  });

  it('a prep through guest operations on a VM without guest-operations support (vcsim without docker) ends in GuestPrepFailed naming the fault and the fix', async () => {
    if (!client || !vm) throw new Error('set-up failed: no powered-on VM in vcsim');
    const channel = new VsphereGuestChannel(client, vm, { username: 'root', password: 'secret' });
    await expect(channel.readFile('/etc/os-release')).rejects.toThrow(UnavailableError);
    await expect(channel.readFile('/etc/os-release')).rejects.toThrow(/InitiateFileTransferFromGuest|GuestOperationsUnavailable/);
    await expect(channel.run(['true'])).rejects.toThrow(/starting the prep tool in vm-\d+ failed with MethodNotFound: this vCenter does not implement the guest operation/);
    const events: GuestPrepEvent[] = [];
    const outcome = await prepareLinuxGuest(channel, { prepId: 'p-vc', vmId: vm.value, commandId: 'c-vc', actor: { kind: 'service', id: 'test' } }, { append: async (e) => void events.push(e) }, () => 0);
    expect(outcome.ok).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['GuestPrepStarted', 'GuestPrepFailed']);
    const failed = events[1];
    if (failed?.type !== 'GuestPrepFailed') throw new Error('unreachable');
    expect(failed.step).toBe('channel');
    expect(failed.reason).toMatch(/could not run the prep tool through vsphere-guest-ops: creating \/opt\/ferry\/prep in vm-\d+ failed with MethodNotFound: .*use the ssh or offline channel/);
  });

  it('a Windows prep through guest operations fails the same way, before anything runs in the guest', async () => {
    if (!client || !vm) throw new Error('set-up failed: no powered-on VM in vcsim');
    const channel = new VsphereGuestChannel(client, vm, { username: 'Administrator', password: 'secret' });
    const events: GuestPrepEvent[] = [];
    const outcome = await runWindowsPrep(channel, { prepId: 'w-vc', vmId: vm.value, commandId: 'c-w', actor: { kind: 'service', id: 'test' } }, { mode: 'prepare' }, { append: async (e) => void events.push(e) }, () => 0);
    expect(outcome.ok).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['GuestPrepStarted', 'GuestPrepFailed']);
    expect(events[0]).toMatchObject({ osFamily: 'windows', channel: 'vsphere-guest-ops' });
    expect(events[1]).toMatchObject({ step: 'channel', reason: expect.stringMatching(/could not run ferry-prep\.ps1 through vsphere-guest-ops: creating C:\\ProgramData\\Ferry\\prep in vm-\d+ failed with MethodNotFound/) });
  });
});
