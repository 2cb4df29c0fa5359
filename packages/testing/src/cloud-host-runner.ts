/**
 * A stand-in for the cloud ESXi host (vcsim runs no guests): when a VM of the cloud vCenter whose
 * ExtraConfig names an iSCSI boot disk (ferry.boot.iscsi.*, written by @ferry/vsphere's setIscsiBoot)
 * turns poweredOn, qemu boots that disk; when it turns poweredOff or leaves the inventory, qemu is
 * stopped. The guests' states are what a test asserts on.
 */
import { CLOUD_HOST_INITIATOR, QemuGuest, type GuestRunState, type GuestState } from './cloud-host-qemu';
import { watchCloudVcenter, type CloudVcenter, type CloudVcenterWatch, type VmChange } from './cloud-host-vsphere';

export type { GuestRunState, GuestState } from './cloud-host-qemu';
export { CLOUD_HOST_INITIATOR } from './cloud-host-qemu';
export type { CloudVcenter } from './cloud-host-vsphere';

/** Options of {@link startCloudHostRunner}. */
export interface CloudHostRunnerOptions {
  vcenter: CloudVcenter;
  /** The CHAP secret of a cache volume, by IQN (the cache's, never read from the VM). */
  secretFor(iqn: string): string | undefined;
  qemu?: {
    /** Default 1024. */
    memoryMiB?: number;
    /** Console text that makes a guest 'running'. Default FERRY-BOOT-OK (the bootable Debian image's). */
    marker?: string;
    /** Milliseconds between SIGTERM and SIGKILL at power-off. Default 2000. */
    stopGraceMs?: number;
    /** Default qemu-system-x86_64 from PATH. */
    binary?: string;
    /** The host's iSCSI initiator name. Default CLOUD_HOST_INITIATOR. */
    initiatorName?: string;
  };
  /** Progress lines (power changes, boots, exits); never the secret. */
  log?: (message: string) => void;
}

/** A running runner. */
export interface CloudHostRunner {
  /** The latest boot of every VM the runner booted (or failed to), as copies. */
  guests(): GuestState[];
  guest(vmName: string): GuestState | undefined;
  /**
   * Resolves when the VM's current boot (or, if none is under way, its next one) reaches the marker;
   * rejects with the reason and the console tail when that boot stops or fails first, or on timeout.
   */
  waitForMarker(vmName: string, timeoutMs: number): Promise<GuestState>;
  /** Resolves when the VM's latest boot is in `state`; rejects with its console tail on timeout. */
  waitForState(vmName: string, state: GuestRunState, timeoutMs: number): Promise<GuestState>;
  /** Stops watching, stops every guest (SIGTERM, then SIGKILL) and logs out. */
  stop(): Promise<void>;
}

interface VmEntry {
  name: string;
  powerState: string;
  boots: number;
  guest?: QemuGuest;
  /** A boot that failed before qemu started (bad ExtraConfig, no secret). */
  failed?: GuestState;
}

/** Starts watching the cloud vCenter; VMs already on with an iSCSI boot disk are booted at once. */
export async function startCloudHostRunner(options: CloudHostRunnerOptions): Promise<CloudHostRunner> {
  const log = options.log ?? (() => undefined);
  const qemu = {
    memoryMiB: options.qemu?.memoryMiB ?? 1024,
    marker: options.qemu?.marker ?? 'FERRY-BOOT-OK',
    stopGraceMs: options.qemu?.stopGraceMs ?? 2000,
    binary: options.qemu?.binary ?? 'qemu-system-x86_64',
    initiatorName: options.qemu?.initiatorName ?? CLOUD_HOST_INITIATOR,
  };
  const vms = new Map<string, VmEntry>();
  const listeners = new Set<() => void>();
  const changed = (): void => listeners.forEach((l) => l());
  let stopping = false;

  const latest = (vm: VmEntry): GuestState | undefined => {
    const started = vm.guest?.state;
    if (!started || !vm.failed) return started ?? vm.failed;
    return vm.failed.boot > started.boot ? vm.failed : started;
  };
  const byName = (vmName: string): VmEntry | undefined => [...vms.values()].find((vm) => vm.name === vmName);

  async function powerOn(moref: string, vm: VmEntry): Promise<void> {
    const identity = { vmName: vm.name, moref, boot: vm.boots + 1 };
    let disk;
    try {
      // The first updates may arrive before the watch is handed back: wait for it.
      disk = await (await watch).bootOf(moref);
    } catch (error) {
      vm.boots += 1;
      vm.failed = QemuGuest.failed(identity, {}, `ExtraConfig: ${(error as Error).message}`);
      log(`${moref} ${vm.name}: powered on, not booted: ${vm.failed.reason}`);
      return changed();
    }
    if (stopping) return;
    if (disk === undefined) return log(`${moref} ${vm.name}: powered on without ferry.boot.iscsi.* in its ExtraConfig: ignored`);
    vm.boots += 1;
    const secret = disk.chapUser === undefined ? undefined : options.secretFor(disk.iqn);
    if (disk.chapUser !== undefined && secret === undefined) {
      vm.failed = QemuGuest.failed(identity, disk, `no CHAP secret for ${disk.iqn} (secretFor returned none) while the VM names CHAP user ${disk.chapUser}`);
      log(`${moref} ${vm.name}: powered on, not booted: ${vm.failed.reason}`);
      return changed();
    }
    const guest = new QemuGuest(identity, disk, secret, qemu, (g) => {
      log(`${moref} ${vm.name}: boot ${g.state.boot} ${g.state.state}${g.state.reason ? `: ${g.state.reason}` : ''}`);
      changed();
    });
    vm.guest = guest;
    guest.start();
    log(`${moref} ${vm.name}: powered on, booting ${guest.state.disk} (qemu pid ${guest.state.pid ?? '-'})`);
    changed();
  }

  async function apply(change: VmChange): Promise<void> {
    const vm = vms.get(change.moref) ?? { name: change.moref, powerState: 'poweredOff', boots: 0 };
    vms.set(change.moref, vm);
    if (change.name !== undefined) vm.name = change.name;
    const was = vm.powerState;
    if (change.powerState !== undefined) vm.powerState = change.powerState;
    const on = !change.gone && vm.powerState === 'poweredOn';
    // A VM first seen powered on counts as turning on (an entry starts off).
    if (on && was !== 'poweredOn' && !vm.guest?.active) {
      await powerOn(change.moref, vm);
    } else if (!on && vm.guest?.active) {
      await vm.guest.stop(change.gone ? 'the VM left the inventory' : `powered ${vm.powerState === 'suspended' ? 'suspended' : 'off'}`);
    }
  }

  const watch: Promise<CloudVcenterWatch> = watchCloudVcenter(
    options.vcenter,
    async (changes) => {
      for (const change of changes) {
        // A failure here must not end the watch: it is recorded on the guest or logged.
        await apply(change).catch((error: unknown) => log(`${change.moref}: ${(error as Error).message}`));
      }
    },
    (error) => log(`cloud vCenter watch: ${error.message}`),
  );
  await watch;

  function waitFor(vmName: string, timeoutMs: number, what: string, check: () => GuestState | Error | undefined): Promise<GuestState> {
    return new Promise((resolvePromise, reject) => {
      const finish = (): void => {
        const outcome = check();
        if (outcome === undefined) return;
        clearTimeout(timer);
        listeners.delete(finish);
        if (outcome instanceof Error) reject(outcome);
        else resolvePromise({ ...outcome });
      };
      const timer = setTimeout(() => {
        listeners.delete(finish);
        const g = runner.guest(vmName);
        reject(new Error(`cloud host: ${vmName} not ${what} after ${timeoutMs} ms (${g ? `boot ${g.boot} ${g.state}` : 'never booted'}); console tail:\n${g?.consoleTail.slice(-3000) ?? ''}`));
      }, timeoutMs);
      listeners.add(finish);
      finish();
    });
  }

  const runner: CloudHostRunner = {
    guests: () => [...vms.values()].flatMap((vm) => latest(vm) ?? []).map((g) => ({ ...g })),
    guest: (vmName) => {
      const vm = byName(vmName);
      const g = vm && latest(vm);
      return g && { ...g };
    },
    waitForMarker: (vmName, timeoutMs) => {
      const current = runner.guest(vmName);
      const awaited = current && (current.state === 'booting' || current.state === 'running') ? current.boot : (current?.boot ?? 0) + 1;
      return waitFor(vmName, timeoutMs, `at ${qemu.marker}`, () => {
        const g = runner.guest(vmName);
        if (!g || g.boot < awaited) return undefined;
        if (g.markerReachedAt) return g;
        if (g.state === 'stopped' || g.state === 'failed') {
          return new Error(`cloud host: ${vmName} boot ${g.boot} ${g.state} before ${qemu.marker}: ${g.reason ?? ''}; console tail:\n${g.consoleTail.slice(-3000)}`);
        }
        return undefined;
      });
    },
    waitForState: (vmName, state, timeoutMs) =>
      waitFor(vmName, timeoutMs, state, () => {
        const g = runner.guest(vmName);
        return g?.state === state ? g : undefined;
      }),
    stop: async () => {
      if (stopping) return;
      stopping = true;
      // Stopping the watch waits for the update being applied; no boot starts after it.
      await (await watch).stop();
      await Promise.all([...vms.values()].map((vm) => vm.guest?.stop('the cloud host runner stopped')));
    },
  };
  return runner;
}
