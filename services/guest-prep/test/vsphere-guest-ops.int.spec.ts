import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnavailableError } from '@ferry/errors';
import { guestOperationsManagers, reconfigureVm, retrieveContainer, str, VsphereClient, type MoRef } from '@ferry/vsphere';
import { extractDebianTree, startVcsim, type VcsimInstance } from '@ferry/testing';
import { VsphereGuestChannel } from '../src/channels/vsphere';
import { type GuestPrepEvent } from '../src/prep/events';
import { prepareLinuxGuest } from '../src/prep/runner';
import { runWindowsPrep } from '../src/windows/runner';

// VMs of our vcsim without a guest root behave as Debian's simulator does: guest file transfers
// need a docker-backed VM (GuestOperationsUnavailable here) and the process and directory methods
// answer MethodNotFound. The first describe proves such faults reach the operator as a clear
// GuestPrepFailed; the second prepares a VM given a real guest root (a fresh copy of the cached
// Debian tree, infra/vcsim/guest_ops.go) end to end through Guest Operations.
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

const steps = (events: GuestPrepEvent[]): Record<string, string> =>
  Object.fromEntries(events.flatMap((e) => (e.type === 'GuestPrepStepCompleted' ? [[e.step, e.status]] : [])));

async function mountsUnder(root: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').map((l) => l.split(' ')[4] ?? '').filter((p) => p.startsWith(`${root}/`));
}

describe('Linux prepare-to-migrate through vSphere Guest Operations on a VM whose guest is a debootstrapped Debian tree', () => {
  jest.setTimeout(10 * 60_000);
  const credentials = { username: 'root', password: 'guest-prep-secret' };
  let vcsim: VcsimInstance | undefined;
  let client: VsphereClient | undefined;
  let vm: MoRef | undefined;
  let work: string | undefined;
  let root = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ferry-prep-vsphere-'));
    root = await extractDebianTree(join(work, 'guest'));
    vcsim = await startVcsim({ model: { vmsPerPool: 1, autostart: true } });
    client = await VsphereClient.connect({ url: vcsim.sdkUrl, username: vcsim.username, password: vcsim.password, tls: { thumbprint: vcsim.thumbprint } });
    for await (const page of retrieveContainer(client, [{ type: 'VirtualMachine', paths: ['runtime.powerState'] }])) {
      vm ??= page.find((o) => str(o.props.get('runtime.powerState')) === 'poweredOn')?.obj;
    }
    if (!vm) throw new Error('set-up failed: no powered-on VM in vcsim');
    await reconfigureVm(client, vm, {
      extraConfig: { 'ferry.guestRoot': root, 'ferry.guestPassword': credentials.password, 'SET.guest.toolsRunningStatus': 'guestToolsRunning' },
    });
  });
  afterAll(async () => {
    await client?.logout();
    await vcsim?.stop();
    // Never remove the tree while the host's /proc, /sys or /dev are still bound inside it.
    const left = root ? await mountsUnder(root) : [];
    if (work && left.length === 0) await rm(work, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  it('uploads, runs and polls the Linux tool and fetches its result: open-iscsi installed, iSCSI modules in the initramfs, grub entry, network captured from the tree; undo removes them again', async () => {
    if (!client || !vm) throw new Error('set-up failed');
    const channel = new VsphereGuestChannel(client, vm, credentials);
    const grubCfg = join(root, 'boot/grub/grub.cfg');
    const pristineGrub = existsSync(grubCfg) ? await readFile(grubCfg, 'utf8') : undefined;
    const events: GuestPrepEvent[] = [];
    const outcome = await prepareLinuxGuest(channel, { prepId: 'p-gops', vmId: vm.value, commandId: 'c-gops', actor: { kind: 'service', id: 'test' } }, { append: async (e) => void events.push(e) }, () => 1_700_000_000_000);
    expect(events.map((e) => e.type).filter((t) => t !== 'GuestPrepStepCompleted')).toEqual(['GuestPrepStarted', 'GuestPrepCompleted']);
    expect(events[0]).toMatchObject({ channel: 'vsphere-guest-ops', osFamily: 'linux' });
    expect(outcome.ok).toBe(true);
    // As on the chroot path, except Tools is checked live: the tree has no open-vm-tools (warning either way).
    expect(steps(events)).toEqual({ 'vmware-tools': 'warning', 'iscsi-initiator': 'changed', initramfs: 'changed', grub: 'changed', 'network-capture': 'changed' });
    expect(outcome.result).toMatchObject({ offline: false, distro: { id: 'debian', packageManager: 'apt' } });
    expect(outcome.network).toEqual({
      hostname: 'ferry-guest',
      nameservers: ['10.0.2.3'],
      search: [],
      interfaces: [{ name: 'ens3', method: 'static', addresses: ['10.0.2.15/24'], gateway: '10.0.2.2', dns: ['10.0.2.3'], onBoot: true }],
      // The network files themselves, byte for byte (migrate back puts them back on the prem disk).
      files: {
        '/etc/network/interfaces': await readFile(join(root, 'etc/network/interfaces'), 'utf8'),
        '/etc/resolv.conf': await readFile(join(root, 'etc/resolv.conf'), 'utf8'),
        '/etc/hostname': await readFile(join(root, 'etc/hostname'), 'utf8'),
        '/etc/hosts': await readFile(join(root, 'etc/hosts'), 'utf8'),
      },
    });

    // Checked through the same channel (StartProgramInGuest + output read back) and on the tree itself.
    const dpkg = await channel.run(['dpkg-query', '-W', '-f=${Status}', 'open-iscsi']);
    expect(dpkg).toMatchObject({ exitCode: 0, stdout: 'install ok installed' });
    expect((await channel.run(['sh', '-c', 'lsinitramfs /boot/initrd.img-*'])).stdout).toMatch(/\/iscsi_tcp\.ko/);
    expect(await readFile(join(root, 'boot/grub/grub.cfg'), 'utf8')).toMatch(/menuentry 'Ferry: boot over iSCSI \(6\.[^)]+\)' --id ferry-iscsi \{/);
    expect(await mountsUnder(root)).toEqual([]);

    const undoEvents: GuestPrepEvent[] = [];
    const undo = await prepareLinuxGuest(channel, { prepId: 'p-undo', vmId: vm.value, commandId: 'c-undo', actor: { kind: 'service', id: 'test' }, undo: true }, { append: async (e) => void undoEvents.push(e) }, () => 0);
    expect(undo.ok).toBe(true);
    expect(steps(undoEvents)).toEqual({ undo: 'changed' });
    expect((await channel.run(['sh', '-c', "dpkg-query -W -f='${Status}' open-iscsi || true"])).stdout).not.toMatch(/install ok installed/);
    expect(existsSync(grubCfg) ? await readFile(grubCfg, 'utf8') : undefined).toEqual(pristineGrub);
  });

  it('a wrong guest password fails the prep before anything runs, naming the VM, the fault and the fix', async () => {
    if (!client || !vm) throw new Error('set-up failed');
    const channel = new VsphereGuestChannel(client, vm, { username: 'root', password: 'not-the-password' });
    const events: GuestPrepEvent[] = [];
    const outcome = await prepareLinuxGuest(channel, { prepId: 'p-bad', vmId: vm.value, commandId: 'c-bad', actor: { kind: 'service', id: 'test' } }, { append: async (e) => void events.push(e) }, () => 0);
    expect(outcome.ok).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['GuestPrepStarted', 'GuestPrepFailed']);
    expect(events[1]).toMatchObject({
      step: 'channel',
      reason: expect.stringMatching(new RegExp(`creating /opt/ferry/prep in ${vm.value} failed with InvalidGuestLogin: the guest user name or password is wrong \\(user root\\); fix the credentials in the PrepareVm command`)),
    });
  });
});
