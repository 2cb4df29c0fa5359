/**
 * The cloud host runner against a real vcsim, real qemu and our real iSCSI target (the cloud-cache
 * service's serve-image script, CHAP on): a VM whose ExtraConfig names the bootable Debian image's
 * volume boots to its login marker when powered on through the vSphere API and is gone when powered
 * off; a VM without the keys is left alone; a wrong CHAP secret fails at login with qemu's reason.
 * One full TCG boot in the whole file: the other cases never get past login.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bootableDebianImage, startCloudHostRunner, startVcsim, type CloudHostRunner, type VcsimInstance } from '../src';

jest.setTimeout(15 * 60_000);

const IQN = 'iqn.2024-01.io.ferry:cloud-host-runner';
const CHAP_USER = 'ferry-cloud-host';
const CHAP_SECRET = 'chap-secret-0123456789';
const serveImage = join(__dirname, '..', '..', '..', 'services', 'cloud-cache', 'dist', 'scripts', 'serve-image.js');

interface MoRef {
  type: string;
  value: string;
}
interface Client {
  logout(): Promise<void>;
}
interface IscsiBoot {
  portal: string;
  iqn: string;
  lun?: number;
  chapUser?: string;
}
/**
 * The @ferry/vsphere calls this test makes. Loaded at run time like in src/cloud-host-vsphere.ts:
 * @ferry/vsphere's project references this one, so a static import would make the graph circular.
 */
interface Vsphere {
  VsphereClient: { connect(o: { url: string; username: string; password: string; tls: { thumbprint: string } }): Promise<Client> };
  retrieveContainer(client: Client, selections: Array<{ type: string; paths: string[] }>): AsyncIterable<Array<{ obj: MoRef; props: Map<string, unknown> }>>;
  readProperty(client: Client, o: MoRef, path: string): Promise<unknown>;
  setIscsiBoot(client: Client, vm: MoRef, boot: IscsiBoot): Promise<void>;
  iscsiBootOf(extraConfig: unknown): IscsiBoot | undefined;
  powerOn(client: Client, vm: MoRef): Promise<void>;
  powerOffHard(client: Client, vm: MoRef): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see the interface above
const vsphere = require('@ferry/vsphere') as Vsphere;

/** Serves `image` over our iSCSI target with CHAP, from the cloud-cache build; resolves with its port. */
async function serveOverIscsi(image: string, cacheDir: string): Promise<{ port: number; child: ChildProcess }> {
  if (!existsSync(serveImage)) throw new Error(`${serveImage} is missing: build first (npx tsc -b services/cloud-cache)`);
  const child = spawn(process.execPath, [serveImage, '--image', image, '--cache-dir', cacheDir, '--port', '0', '--iqn', IQN, '--no-hydrate', '--chap', `${CHAP_USER}:${CHAP_SECRET}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`serve-image exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (m) resolvePort(Number(m[1]));
    });
  });
  child.removeAllListeners('exit');
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGKILL') process.stderr.write(`serve-image exited with ${code ?? signal}: ${stderr}\n`);
  });
  return { port, child };
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

describe('cloud host runner', () => {
  let vc: VcsimInstance;
  let client: Client;
  let dir: string;
  let target: { port: number; child: ChildProcess };
  let runner: CloudHostRunner;
  const vms = new Map<string, MoRef>();
  const secrets = new Map<string, string>([[IQN, CHAP_SECRET]]);
  const logs: string[] = [];
  const name = (i: number): string => [...vms.keys()].sort()[i]!;

  beforeAll(async () => {
    const { image } = await bootableDebianImage();
    dir = await mkdtemp(join(tmpdir(), 'ferry-cloud-host-'));
    target = await serveOverIscsi(image, join(dir, 'cache'));
    vc = await startVcsim({ model: { vmsPerPool: 3, autostart: false } });
    client = await vsphere.VsphereClient.connect({ url: vc.sdkUrl, username: vc.username, password: vc.password, tls: { thumbprint: vc.thumbprint } });
    for await (const page of vsphere.retrieveContainer(client, [{ type: 'VirtualMachine', paths: ['name'] }])) {
      for (const o of page) vms.set(String(o.props.get('name')), o.obj);
    }
    expect(vms.size).toBe(3);
    runner = await startCloudHostRunner({ vcenter: vc, secretFor: (iqn) => secrets.get(iqn), log: (m) => logs.push(m) });
  });

  afterAll(async () => {
    await runner?.stop();
    await client?.logout();
    await vc?.stop();
    if (target && target.child.exitCode === null && target.child.signalCode === null) {
      // The target flushes its cache metadata on SIGTERM: let it finish before its folder goes.
      const exited = new Promise((r) => target.child.once('exit', r));
      const killer = setTimeout(() => target.child.kill('SIGKILL'), 10_000);
      target.child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const boot: () => IscsiBoot = () => ({ portal: `127.0.0.1:${target.port}`, iqn: IQN, lun: 0, chapUser: CHAP_USER });

  it('boots a VM powered on through the vSphere API from its iSCSI volume until the guest is login-ready, the secret nowhere in sight', async () => {
    const vm = vms.get(name(0))!;
    await vsphere.setIscsiBoot(client, vm, boot());
    expect(vsphere.iscsiBootOf(await vsphere.readProperty(client, vm, 'config.extraConfig'))).toEqual(boot());

    const poweredOnAt = Date.now();
    await vsphere.powerOn(client, vm);
    await until('booting', () => runner.guest(name(0))?.pid !== undefined);
    const pid = runner.guest(name(0))!.pid!;
    // CHAP goes to qemu through a secret object read from a file: argv, readable by any local user, does not hold it.
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(CHAP_SECRET);

    const guest = await runner.waitForMarker(name(0), 10 * 60_000);
    const seconds = (guest.markerReachedAt!.getTime() - poweredOnAt) / 1000;
    process.stdout.write(`cloud host runner: ${name(0)} power-on to FERRY-BOOT-OK over iSCSI (TCG): ${seconds.toFixed(1)} s\n`);

    expect(guest).toMatchObject({ vmName: name(0), moref: vm.value, iqn: IQN, state: 'running', boot: 1, disk: `iscsi://${CHAP_USER}@127.0.0.1:${target.port}/${IQN}/0` });
    expect(guest.consoleTail).toContain('FERRY-BOOT-OK');
    expect(alive(pid)).toBe(true);
    expect(JSON.stringify(runner.guests())).not.toContain(CHAP_SECRET);
    expect(logs.join('\n')).not.toContain(CHAP_SECRET);
  });

  it('stops qemu when the VM is powered off', async () => {
    const { pid } = runner.guest(name(0))!;
    await vsphere.powerOffHard(client, vms.get(name(0))!);
    const guest = await runner.waitForState(name(0), 'stopped', 30_000);
    expect(guest).toMatchObject({ state: 'stopped', reason: 'powered off', boot: 1 });
    expect(guest.stoppedAt).toBeDefined();
    expect(alive(pid!)).toBe(false);
  });

  it('leaves a VM without ferry.boot.iscsi.* in its ExtraConfig alone', async () => {
    await vsphere.powerOn(client, vms.get(name(1))!);
    await until('told of the power-on', () => logs.some((l) => l.includes(name(1)) && l.includes('ignored')));
    expect(runner.guest(name(1))).toBeUndefined();
    expect(runner.guests().map((g) => g.vmName)).toEqual([name(0)]);
  });

  it('fails a VM whose CHAP secret the target refuses, with qemu\'s reason, without booting', async () => {
    const wrong = 'not-the-chap-secret-42';
    secrets.set(IQN, wrong);
    const vm = vms.get(name(2))!;
    await vsphere.setIscsiBoot(client, vm, boot());
    await vsphere.powerOn(client, vm);
    const guest = await runner.waitForState(name(2), 'failed', 60_000);
    process.stdout.write(`cloud host runner: wrong CHAP secret -> ${guest.reason}\n`);
    expect(guest.markerReachedAt).toBeUndefined();
    expect(guest.exitCode).not.toBe(0);
    expect(guest.reason).toMatch(/iSCSI/);
    expect(guest.reason).toMatch(/log ?in|auth|CHAP/i);
    expect(JSON.stringify(runner.guests()) + logs.join('\n')).not.toMatch(new RegExp(`${wrong}|${CHAP_SECRET}`));
  });
});
