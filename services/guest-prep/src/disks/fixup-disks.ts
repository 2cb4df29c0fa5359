// Fixup of a replica from its disk images: find the Linux root, mount it (with /boot and the EFI
// partition when its fstab puts them on these disks), run stage 1 in it and unmount on every path.
// No Linux root (random data, a Windows guest) is not a failure: the run records one skipped step.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OfflineChrootChannel } from '../channels/offline';
import { type TargetPlatform } from '../fixup/inputs';
import { capturedFromReplica, FIXUP_DIR, type FixupEvent, type FixupResult, runFixupStage1 } from '../fixup/stage1';
import { type NetworkConfig } from '../network/model';
import { type PrepEventMeta, type StepStatus } from '../prep/events';
import { bootMounts, deviceUuidMap, volumeNamed } from './device-names';
import { loopDevicesOn, mountVolume, type MountedVolume } from './loop-mount';
import { matchNics, type ReplicaNic } from './nic-match';
import { probeDisk } from './probe';
import { findLinuxRoot, type RootSearch } from './root-finder';
import { describeVolume, type Volume } from './volumes';

/** What a fixup from disk images needs (proto ferry.guestprep.v1.FixUpReplicaDisks, decoded). */
export interface FixupDisksInput {
  /** Raw disk images on this host, in the VM's disk order. */
  readonly diskImages: readonly string[];
  readonly targetPlatform: TargetPlatform;
  readonly nics: readonly ReplicaNic[];
  /** The configuration captured before migration, when guest preparation ran. */
  readonly network?: NetworkConfig;
  /** Where the run mounts the replica's volumes (see mountVolume's `under`); default the system's temp folder. */
  readonly mountsUnder?: string;
}

export interface StepOutcome {
  readonly step: string;
  readonly status: StepStatus;
  readonly message: string;
}

/** How the run ended; `result` is the document stage 1 wrote into the replica (absent when skipped). */
export interface FixupDisksOutcome {
  readonly ok: boolean;
  readonly skipped: boolean;
  readonly steps: readonly StepOutcome[];
  /** Why it failed (ok = false). */
  readonly message: string;
  readonly result?: FixupResult;
}

type Emit = (e: FixupEvent) => Promise<void>;

/**
 * Probes the disk images (refusing one still attached to a loop device: a second read-write mount
 * would corrupt it) and looks for the Linux root among their volumes.
 */
export async function probeReplica(diskImages: readonly string[], mountsUnder?: string): Promise<{ volumes: readonly Volume[]; search: RootSearch }> {
  const disks = [];
  for (const [i, image] of diskImages.entries()) {
    const attached = await loopDevicesOn(image);
    if (attached.length) {
      throw new Error(`disk image ${image} is still attached to ${attached.join(', ')} (a mount left by an interrupted fixup?); unmount it (findmnt ${attached[0]}; umount <mount point>; losetup -d ${attached[0]}) and retry`);
    }
    disks.push(await probeDisk(image, i));
  }
  return { volumes: disks.flatMap((d) => d.volumes), search: await findLinuxRoot(disks, mountsUnder) };
}

/** Mounts the root read-write and the boot file systems its fstab names on these disks; notes what it did. */
export async function mountReplica(root: Volume, volumes: readonly Volume[], mounted: MountedVolume[], mountsUnder?: string): Promise<{ dir: string; notes: string[] }> {
  const rootMount = await mountVolume(root, { readOnly: false, under: mountsUnder });
  mounted.push(rootMount);
  const notes = [`Linux root ${root.fs?.type ?? ''} UUID=${root.fs?.uuid ?? '?'} on ${describeVolume(root)}`];
  const fstab = await readFile(join(rootMount.dir, 'etc/fstab'), 'utf8');
  for (const entry of bootMounts(fstab)) {
    const v = volumeNamed(entry.spec, volumes);
    if (!v) {
      notes.push(`${entry.mountPoint} (${entry.spec}) is on none of these disks: its files were not fixed up`);
      continue;
    }
    if (v === root) continue;
    mounted.push(await mountVolume(v, { readOnly: false, at: join(rootMount.dir, entry.mountPoint) }));
    notes.push(`${entry.mountPoint} from ${describeVolume(v)}`);
  }
  return { dir: rootMount.dir, notes };
}

async function savedCapture(root: string): Promise<NetworkConfig | undefined> {
  return readFile(join(root, FIXUP_DIR, 'captured-network.json'), 'utf8').then((t) => JSON.parse(t) as NetworkConfig, () => undefined);
}

/**
 * Runs the fixup on the replica behind `input.diskImages`. Emits FixupStarted, one
 * FixupStepCompleted per step (find-root and nic-match first) and FixupCompleted or FixupFailed.
 * Every mount it made is released before it returns or throws.
 */
export async function fixUpReplicaDisks(input: FixupDisksInput, meta: () => PrepEventMeta, emit: Emit): Promise<FixupDisksOutcome> {
  const steps: StepOutcome[] = [];
  const step = async (s: StepOutcome): Promise<void> => {
    steps.push(s);
    await emit({ type: 'FixupStepCompleted', meta: meta(), ...s });
  };
  let started = false;
  const fail = async (where: string, message: string): Promise<FixupDisksOutcome> => {
    if (!started) await emit({ type: 'FixupStarted', meta: meta(), targetPlatform: input.targetPlatform });
    await emit({ type: 'FixupFailed', meta: meta(), step: where, reason: message });
    return { ok: false, skipped: false, steps, message: `${where}: ${message}` };
  };

  let volumes: readonly Volume[];
  let search: RootSearch;
  try {
    ({ volumes, search } = await probeReplica(input.diskImages, input.mountsUnder));
  } catch (e) {
    return fail('find-root', (e as Error).message);
  }
  if (!search.found) {
    started = true;
    await emit({ type: 'FixupStarted', meta: meta(), targetPlatform: input.targetPlatform });
    await step({ step: 'find-root', status: 'skipped', message: `${search.reason}; fixup skipped, the replica was not changed` });
    await emit({ type: 'FixupCompleted', meta: meta(), resultJson: JSON.stringify({ ok: true, skipped: true, steps }) });
    return { ok: true, skipped: true, steps, message: '' };
  }

  const mounted: MountedVolume[] = [];
  let channel: OfflineChrootChannel | undefined;
  try {
    const replica = await mountReplica(search.root, volumes, mounted, input.mountsUnder);
    const captured = input.network ?? (await savedCapture(replica.dir)) ?? capturedFromReplica(replica.dir);
    const nics = matchNics(captured, input.nics);
    channel = await OfflineChrootChannel.open(replica.dir);
    const first: StepOutcome[] = [
      { step: 'find-root', status: 'unchanged', message: replica.notes.join('; ') },
      { step: 'nic-match', status: nics.notes.some((n) => n.includes('matches no')) ? 'warning' : 'unchanged', message: nics.notes.join('; ') || 'the VM has no NICs' },
    ];
    // Stage 1 emits FixupStarted first; the disk steps follow it, so the run reads in order.
    const result = await runFixupStage1(
      replica.dir,
      channel,
      { targetPlatform: input.targetPlatform, nics: nics.mappings, deviceUuids: deviceUuidMap(volumes), ...(input.network ? { network: input.network } : {}) },
      meta,
      async (e) => {
        if (e.type === 'FixupStarted') {
          started = true;
          await emit(e);
          for (const s of first) await step(s);
          return;
        }
        if (e.type === 'FixupStepCompleted') steps.push({ step: e.step, status: e.status, message: e.message });
        await emit(e);
      },
    );
    const failed = steps.find((s) => s.status === 'failed');
    return { ok: result.ok, skipped: false, steps, message: failed ? `${failed.step}: ${failed.message}` : '', result };
  } catch (e) {
    return fail(channel ? 'fixup' : 'mount', (e as Error).message);
  } finally {
    await release(channel, mounted);
  }
}

/** Unbinds the chroot and unmounts innermost first; tries every mount, then reports the first failure. */
export async function release(channel: OfflineChrootChannel | undefined, mounted: MountedVolume[]): Promise<void> {
  const errors: unknown[] = [];
  await channel?.close().catch((e: unknown) => errors.push(e));
  for (const m of [...mounted].reverse()) await m.unmount().catch((e: unknown) => errors.push(e));
  if (errors.length) throw new Error(`could not release the replica's mounts: ${errors.map((e) => (e as Error).message).join('; ')}; unmount them by hand (findmnt | grep ferry-replica)`);
}
