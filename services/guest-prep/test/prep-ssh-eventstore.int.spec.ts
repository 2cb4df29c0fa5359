import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { NatsConnection } from 'nats';
import { JetStreamEventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { extractDebianTree, startNats, type NatsHandle } from '@ferry/testing';
import { GuestPrepService } from '../src/app/guest-prep-service';
import { bindMountSystemDirs, type BoundMounts } from '../src/channels/mounts';
import { startChrootSshd, type ChrootSshd } from './sshd';

// sshd's ChrootDirectory wants every folder up to / root-owned and not group/world-writable, so the
// guest tree lives under the cache folder (or root's home) instead of /tmp.
async function chrootSafe(path: string): Promise<boolean> {
  for (let dir = path; ; dir = dirname(dir)) {
    const st = await stat(dir).catch(() => undefined);
    if (st && (st.uid !== 0 || (st.mode & 0o022) !== 0)) return false;
    if (dirname(dir) === dir) return true;
  }
}
async function workParent(): Promise<string> {
  const cache = process.env.FERRY_CACHE_DIR ?? join(homedir(), '.cache', 'ferry');
  for (const candidate of [join(cache, 'work'), join(homedir(), '.cache', 'ferry-ssh-guests')]) {
    await mkdir(candidate, { recursive: true, mode: 0o755 });
    if (await chrootSafe(candidate)) return candidate;
  }
  throw new Error(`no folder for the ssh guest whose parents are all root-owned and not group/world-writable (sshd ChrootDirectory); set FERRY_CACHE_DIR to one`);
}

describe('guest-prep service: a running guest over SSH, events in the JetStream event store', () => {
  jest.setTimeout(15 * 60_000);
  let work: string;
  let guest: string;
  let mounts: BoundMounts | undefined;
  let sshd: ChrootSshd | undefined;
  let nats: NatsHandle | undefined;
  let nc: NatsConnection | undefined;

  beforeAll(async () => {
    work = await mkdtemp(join(await workParent(), 'ssh-guest-'));
    guest = await extractDebianTree(join(work, 'root'));
    mounts = await bindMountSystemDirs(guest);
    sshd = await startChrootSshd(guest);
    nats = await startNats();
    nc = await nats.connect('guest-prep'); // appends guest-prep's events as the service does
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
    await sshd?.stop();
    await mounts?.release();
    await rm(work, { recursive: true, force: true });
  });

  it('prepares the guest through ssh (tool delivered by tar over ssh), stores every event once, and undoes it the same way', async () => {
    if (!nc || !sshd) throw new Error('set-up failed');
    const store = await JetStreamEventStore.open(nc);
    let clock = 1_700_000_000_000;
    const service = new GuestPrepService(store, () => clock++);
    const ssh = { host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile };

    const iscsi = { targetIp: '10.0.0.9', targetPort: 3260, targetIqn: 'iqn.2024-01.io.ferry:vm-7' };
    const reply = await service.prepareVm({ commandId: 'cmd-ssh-1', prepId: 'prep-ssh-1', vmId: 'vm-7', ssh, iscsi, actor: { kind: 'operator', id: 'alice' } });
    expect(reply.ok).toBe(true);
    // An explicit target (the cloud cache) instead of iBFT discovery on the iSCSI boot entry.
    expect(await readFile(join(guest, 'boot/grub/grub.cfg'), 'utf8')).toMatch(/ro ip=dhcp iscsi_target_ip=10\.0\.0\.9 iscsi_target_port=3260 iscsi_target_name=iqn\.2024-01\.io\.ferry:vm-7/);
    const result = JSON.parse(reply.resultJson) as { offline: boolean; steps: Array<{ name: string; status: string }> };
    expect(result.offline).toBe(false);
    expect(result.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['vmware-tools:warning', 'iscsi-initiator:changed', 'initramfs:changed', 'grub:changed', 'network-capture:changed']);

    const stored = await store.load({ aggregate: 'guestprep', id: 'prep-ssh-1' });
    expect(stored.events.map((e) => e.type)).toEqual([
      'GuestPrepStarted',
      ...Array<string>(5).fill('GuestPrepStepCompleted'),
      'GuestPrepCompleted',
    ]);
    expect(stored.events.every((e) => e.actor === 'operator:alice')).toBe(true);
    const started = ferry.guestprep.v1.GuestPrepStarted.decode(stored.events[0]?.payload ?? new Uint8Array());
    expect(started.channel).toBe('ssh');
    const install = ferry.guestprep.v1.GuestPrepStepCompleted.decode(stored.events[2]?.payload ?? new Uint8Array());
    expect([install.step, install.status]).toEqual(['iscsi-initiator', ferry.guestprep.v1.StepStatus.STEP_STATUS_CHANGED]);
    const completed = ferry.guestprep.v1.GuestPrepCompleted.decode(stored.events[6]?.payload ?? new Uint8Array());
    const network = JSON.parse(completed.networkJson) as { hostname: string; interfaces: Array<{ name: string; addresses: string[] }> };
    expect(network.hostname).toBe('ferry-guest');
    expect(network.interfaces[0]).toMatchObject({ name: 'ens3', addresses: ['10.0.2.15/24'] });

    // A redelivered command (same run id) is answered from the store: nothing is stored twice.
    const again = await service.prepareVm({ commandId: 'cmd-ssh-1', prepId: 'prep-ssh-1', vmId: 'vm-7', ssh });
    expect(again.ok).toBe(true);
    expect(JSON.parse(again.resultJson)).toMatchObject({ replayed: true });
    expect((await store.load({ aggregate: 'guestprep', id: 'prep-ssh-1' })).events).toHaveLength(7);

    const undo = await service.prepareVm({ commandId: 'cmd-ssh-2', prepId: 'prep-ssh-2', vmId: 'vm-7', ssh, undo: true });
    expect(undo.ok).toBe(true);
    const undone = await store.load({ aggregate: 'guestprep', id: 'prep-ssh-2' });
    expect(undone.events.map((e) => e.type)).toEqual(['GuestPrepStarted', 'GuestPrepStepCompleted', 'GuestPrepCompleted']);
    expect(ferry.guestprep.v1.GuestPrepStarted.decode(undone.events[0]?.payload ?? new Uint8Array()).undo).toBe(true);
  });
});
