import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extractDebianTree, makeTempDir, startVcsim, type VcsimInstance } from '@ferry/testing';
import {
  copyFileFromGuest,
  copyFileToGuest,
  deleteFileInGuest,
  faultTypeOf,
  guestOperationsManagers,
  listProcessesInGuest,
  makeDirectoryInGuest,
  powerOffHard,
  reconfigureVm,
  retrieveContainer,
  startProgramInGuest,
  str,
  terminateProcessInGuest,
  VsphereClient,
  waitForGuestProcess,
  type GuestOperationsManagers,
  type MoRef,
} from '../src';
import { morXml, typed } from '../src/xml';

// Our vcsim runs guest operations for real on a VM given a guest root (infra/vcsim/guest_ops.go):
// here a fresh copy of the cached debootstrapped Debian tree.
jest.setTimeout(180_000);
const creds = { username: 'root', password: 'guest-secret' };

async function mountsUnder(root: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').map((l) => l.split(' ')[4] ?? '').filter((p) => p.startsWith(`${root}/`));
}

describe('vSphere Guest Operations against vcsim with a real guest tree', () => {
  let vc: VcsimInstance;
  let client: VsphereClient;
  let m: GuestOperationsManagers;
  let dir: string;
  let cleanup: () => Promise<void>;
  let root: string;
  const vms: MoRef[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('ferry-guest-ops-'));
    root = await extractDebianTree(join(dir, 'guest'));
    vc = await startVcsim({ model: { vmsPerPool: 3, autostart: true } });
    client = await VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
    for await (const page of retrieveContainer(client, [{ type: 'VirtualMachine', paths: ['runtime.powerState'] }])) {
      vms.push(...page.filter((o) => str(o.props.get('runtime.powerState')) === 'poweredOn').map((o) => o.obj));
    }
    const [vm, off, noTools] = vms;
    if (!vm || !off || !noTools) throw new Error(`vcsim model gave ${vms.length} powered-on VMs, want 3`);
    const extra = { 'ferry.guestRoot': root, 'ferry.guestPassword': creds.password };
    await reconfigureVm(client, vm, { extraConfig: { ...extra, 'SET.guest.toolsRunningStatus': 'guestToolsRunning' } });
    await reconfigureVm(client, off, { extraConfig: { ...extra, 'SET.guest.toolsRunningStatus': 'guestToolsRunning' } });
    await powerOffHard(client, off);
    await reconfigureVm(client, noTools, { extraConfig: extra });
    m = await guestOperationsManagers(client);
  });
  afterAll(async () => {
    await client?.logout();
    await vc?.stop();
    if (root) expect(await mountsUnder(root)).toEqual([]);
    await cleanup?.();
  });

  it('uploads a script with its mode, runs it with arguments, working directory and environment, polls its exit code and downloads what it wrote', async () => {
    const vm = vms[0]!;
    await makeDirectoryInGuest(client, m, vm, creds, '/opt/ferry-test/bin');
    const script = Buffer.from('#!/bin/sh\nprintf "%s|%s|%s|%s\\n" "$1" "$2" "$(pwd)" "$GREETING" > /tmp/out.txt\ncat /etc/debian_version >> /tmp/out.txt\nexit 7\n');
    await copyFileToGuest(client, m, vm, creds, '/opt/ferry-test/bin/probe.sh', script, 0o750);
    const onHost = await stat(join(root, 'opt/ferry-test/bin/probe.sh'));
    expect(onHost.mode & 0o777).toBe(0o750);
    expect(await readFile(join(root, 'opt/ferry-test/bin/probe.sh'))).toEqual(script);

    const pid = await startProgramInGuest(client, m, vm, creds, { programPath: '/opt/ferry-test/bin/probe.sh', arguments: "'two words' second", workingDirectory: '/var/tmp', envVariables: ['GREETING=hello guest'] });
    expect(await waitForGuestProcess(client, m, vm, creds, pid, 30_000)).toBe(7);
    const [info] = await listProcessesInGuest(client, m, vm, creds, [pid]);
    expect(info).toMatchObject({ pid, name: 'probe.sh', exitCode: 7 });
    expect(info?.cmdLine).toBe(`"/opt/ferry-test/bin/probe.sh" 'two words' second`);

    const out = (await copyFileFromGuest(client, m, vm, creds, '/tmp/out.txt')).toString();
    expect(out).toBe(`two words|second|/var/tmp|hello guest\n${await readFile(join(root, 'etc/debian_version'), 'utf8')}`);
    // The program ran inside the tree: the host's /tmp has no out.txt from it.
    expect(await readFile(join(root, 'tmp/out.txt'), 'utf8')).toBe(out);

    const ok = await startProgramInGuest(client, m, vm, creds, { programPath: '/bin/true', arguments: '' });
    expect(await waitForGuestProcess(client, m, vm, creds, ok, 30_000)).toBe(0);
    await deleteFileInGuest(client, m, vm, creds, '/tmp/out.txt');
    await expect(copyFileFromGuest(client, m, vm, creds, '/tmp/out.txt')).rejects.toThrow(/FileNotFound/);
  });

  it('/proc, /sys and /dev are bound into the tree only while a program runs; TerminateProcessInGuest ends it', async () => {
    const vm = vms[0]!;
    const pid = await startProgramInGuest(client, m, vm, creds, { programPath: '/bin/sleep', arguments: '60' });
    expect((await mountsUnder(root)).sort()).toEqual([join(root, 'dev'), join(root, 'proc'), join(root, 'sys')]);
    expect((await listProcessesInGuest(client, m, vm, creds, [pid]))[0]?.endTime).toBeUndefined();
    await terminateProcessInGuest(client, m, vm, creds, pid);
    expect(await waitForGuestProcess(client, m, vm, creds, pid, 10_000)).toBe(137);
    expect(await mountsUnder(root)).toEqual([]);
    await expect(terminateProcessInGuest(client, m, vm, creds, 999_999)).rejects.toThrow(/GuestProcessNotFound/);
  });

  it('answers the faults vCenter gives: wrong password, powered-off VM, Tools not running, existing file without overwrite', async () => {
    const [vm, off, noTools] = vms as [MoRef, MoRef, MoRef];
    const faultOf = (p: Promise<unknown>): Promise<string | undefined> => p.then(() => 'no fault', (e: unknown) => faultTypeOf(e));
    expect(await faultOf(startProgramInGuest(client, m, vm, { username: 'root', password: 'wrong' }, { programPath: '/bin/true', arguments: '' }))).toBe('InvalidGuestLogin');
    expect(await faultOf(copyFileFromGuest(client, m, off, creds, '/etc/hostname'))).toBe('InvalidPowerState');
    expect(await faultOf(listProcessesInGuest(client, m, noTools, creds, []))).toBe('GuestOperationsUnavailable');
    expect(await faultOf(startProgramInGuest(client, m, vm, creds, { programPath: '/no/such/program', arguments: '' }))).toBe('FileNotFound');
    const noOverwrite = client.invoke('InitiateFileTransferToGuest', m.fileManager, {
      vm: morXml(vm),
      auth: typed('NamePasswordAuthentication', { interactiveSession: false, ...creds }),
      guestFilePath: '/etc/hostname',
      fileAttributes: typed('GuestFileAttributes', {}),
      fileSize: 3,
      overwrite: false,
    });
    expect(await faultOf(noOverwrite)).toBe('FileAlreadyExists');
  });
});
