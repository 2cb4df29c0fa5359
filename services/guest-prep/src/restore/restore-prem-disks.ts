// Migrate back, before the prem VM runs again: its disks now hold what the guest wrote in the cloud.
// The network files go back to what they were at preparation (byte for byte; files the cloud stay
// added are removed), and, when the operator asks, the preparation is undone from its backup manifest
// (ferry-prep.sh --offline --undo in a chroot). Nothing to do leaves the disks untouched: the root is
// looked at read-only and mounted read-write only when a file must change.
import { join } from 'node:path';
import { OfflineChrootChannel } from '../channels/offline';
import { mountReplica, probeReplica, release, type FixupDisksOutcome, type StepOutcome } from '../disks/fixup-disks';
import { mountVolume, type MountedVolume } from '../disks/loop-mount';
import { type FixupEvent } from '../fixup/stage1';
import { type PrepEventMeta } from '../prep/events';
import { defaultLinuxToolDir, LINUX_STATE_DIR, LINUX_TOOL_DIR, linuxToolArgs, parseToolResult } from '../prep/runner';
import { applyNetworkFiles, planNetworkRestore, type NetworkRestorePlan } from './network-restore';
import { pathExists } from './guest-paths';

/** What a restore needs (proto ferry.guestprep.v1.RestorePremDisks, decoded). */
export interface RestorePremInput {
  /** The prem VM's raw disks on this host, in the VM's disk order. */
  readonly diskImages: readonly string[];
  /** The network files captured at preparation, by guest path; absent: the network is left as it is. */
  readonly networkFiles?: Readonly<Record<string, string>>;
  readonly undoPrep: boolean;
  /** Where the run mounts the disks' volumes (see mountVolume's `under`); default the system's temp folder. */
  readonly mountsUnder?: string;
}

const MANIFEST = `${LINUX_STATE_DIR}/backup/manifest.tsv`;
type Emit = (e: FixupEvent) => Promise<void>;

/** The steps as they stand before anything is written, and whether anything must be written. */
interface RestorePlan {
  readonly network: NetworkRestorePlan | undefined;
  readonly undo: boolean;
  readonly steps: StepOutcome[];
}

async function planRestore(dir: string, input: RestorePremInput): Promise<RestorePlan> {
  const steps: StepOutcome[] = [];
  let network: NetworkRestorePlan | undefined;
  if (!input.networkFiles || !Object.keys(input.networkFiles).length) {
    steps.push({ step: 'network', status: 'skipped', message: 'no network files were captured at preparation: the prem network files are left as the cloud stay left them' });
  } else {
    network = await planNetworkRestore(dir, input.networkFiles);
    if (!network.write.length && !network.remove.length) {
      steps.push({ step: 'network', status: 'unchanged', message: `the network files are as captured at preparation (${Object.keys(input.networkFiles).length} file(s))${network.notes.length ? `; ${network.notes.join('; ')}` : ''}` });
      network = undefined;
    }
  }
  const prepared = await pathExists(join(dir, MANIFEST));
  if (!input.undoPrep) {
    steps.push({ step: 'undo-prep', status: 'skipped', message: prepared ? `kept: the preparation stays on the prem guest (${MANIFEST}); migrate back with --undo-prep to remove it` : 'not asked' });
  } else if (!prepared) {
    steps.push({ step: 'undo-prep', status: 'unchanged', message: `no preparation is recorded on the prem disk (${MANIFEST} is absent): nothing to undo` });
  }
  return { network, undo: input.undoPrep && prepared, steps };
}

/** Runs ferry-prep.sh --undo in a chroot of the mounted prem root. */
async function undoPreparation(channel: OfflineChrootChannel): Promise<StepOutcome> {
  await channel.upload(defaultLinuxToolDir(), LINUX_TOOL_DIR);
  const run = await channel.run(linuxToolArgs({ prepId: '', vmId: '', commandId: '', actor: { kind: 'service', id: 'guest-prep' }, undo: true }, true), { timeoutMs: 20 * 60_000 });
  const result = parseToolResult(run.stdout);
  const undo = result?.steps.find((s) => s.name === 'undo');
  if (!result || !undo) return { step: 'undo-prep', status: 'failed', message: `ferry-prep.sh --undo printed no result (exit ${run.exitCode}): ${run.stderr.trim().slice(-500)}` };
  return { step: 'undo-prep', status: undo.status, message: undo.message };
}

/**
 * Restores the prem guest on `input.diskImages`. Emits FixupStarted (platform "prem"), one
 * FixupStepCompleted per step (find-root, network, undo-prep) and FixupCompleted or FixupFailed.
 * Every mount it made is released before it returns.
 */
export async function restorePremDisks(input: RestorePremInput, meta: () => PrepEventMeta, emit: Emit): Promise<FixupDisksOutcome> {
  const steps: StepOutcome[] = [];
  await emit({ type: 'FixupStarted', meta: meta(), targetPlatform: 'prem' });
  const step = async (s: StepOutcome): Promise<void> => {
    steps.push(s);
    await emit({ type: 'FixupStepCompleted', meta: meta(), ...s });
  };
  const end = async (ok: boolean, message = ''): Promise<FixupDisksOutcome> => {
    const failed = steps.find((s) => s.status === 'failed');
    const why = message || (failed ? `${failed.step}: ${failed.message}` : '');
    await emit(ok ? { type: 'FixupCompleted', meta: meta(), resultJson: JSON.stringify({ ok, steps }) } : { type: 'FixupFailed', meta: meta(), step: failed?.step ?? 'find-root', reason: why });
    return { ok, skipped: false, steps, message: why };
  };

  let found;
  try {
    found = await probeReplica(input.diskImages, input.mountsUnder);
  } catch (e) {
    return end(false, `find-root: ${(e as Error).message}`);
  }
  if (!found.search.found) {
    await step({ step: 'find-root', status: 'skipped', message: `${found.search.reason}; the prem disks were not changed (a Windows guest's preparation is undone in the guest)` });
    return end(true);
  }
  const root = found.search.root;

  let plan: RestorePlan;
  const look = await mountVolume(root, { readOnly: true, under: input.mountsUnder });
  try {
    plan = await planRestore(look.dir, input);
  } finally {
    await look.unmount();
  }
  if (!plan.network && !plan.undo) {
    await step({ step: 'find-root', status: 'unchanged', message: `Linux root on ${root.image} looked at read-only` });
    for (const s of plan.steps) await step(s);
    return end(true);
  }

  const mounted: MountedVolume[] = [];
  let channel: OfflineChrootChannel | undefined;
  try {
    const replica = await mountReplica(root, found.volumes, mounted, input.mountsUnder);
    await step({ step: 'find-root', status: 'unchanged', message: replica.notes.join('; ') });
    for (const s of plan.steps) await step(s);
    if (plan.network) await step(await applyNetworkFiles(replica.dir, plan.network));
    if (plan.undo) {
      channel = await OfflineChrootChannel.open(replica.dir);
      await step(await undoPreparation(channel));
    }
    return await end(!steps.some((s) => s.status === 'failed'));
  } catch (e) {
    return end(false, `${channel ? 'undo-prep' : 'mount'}: ${(e as Error).message}`);
  } finally {
    await release(channel, mounted);
  }
}
