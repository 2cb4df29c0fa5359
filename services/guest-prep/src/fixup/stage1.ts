import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type GuestChannel } from '../channels/channel';
import { detectDistribution, type Distribution } from '../distro/detect';
import { rootFileView } from '../distro/file-view';
import { nicsFromFiles, parseResolvConf } from '../network/capture';
import { type NetworkConfig } from '../network/model';
import { type PrepEventMeta, type StepStatus } from '../prep/events';
import { rewriteBootDevices } from './bootloader';
import { initramfsDriverConfig } from './drivers';
import { rewriteFstab } from './fstab';
import { ensureGuestSymlink, removeGuestFiles, writeGuestFile } from './guest-files';
import { type FixupInput, TARGET_DRIVERS } from './inputs';
import { applyNicMap } from './nic-map';
import { nicNamingFiles } from './nic-naming';
import { planNetworkFiles } from './network-files';
import { STAGE2_UNIT, STAGE2_WANTS, stage2Files } from './stage2';

/** Where the fixup leaves its progress log and result document in the replica. */
export const FIXUP_DIR = '/var/lib/ferry/fixup';

/** Events of one fixup run (proto ferry.guestprep.v1.Fixup*). */
export type FixupEvent =
  | { type: 'FixupStarted'; meta: PrepEventMeta; targetPlatform: string }
  | { type: 'FixupStepCompleted'; meta: PrepEventMeta; step: string; status: StepStatus; message: string }
  | { type: 'FixupCompleted'; meta: PrepEventMeta; resultJson: string }
  | { type: 'FixupFailed'; meta: PrepEventMeta; step: string; reason: string };

/** The result document (also /var/lib/ferry/fixup/result.json in the replica). */
export interface FixupResult {
  readonly ok: boolean;
  readonly changed: boolean;
  readonly distro: Distribution;
  readonly network: NetworkConfig;
  readonly steps: ReadonlyArray<{ step: string; status: StepStatus; message: string }>;
}

type Step = (ctx: Ctx) => Promise<{ status: StepStatus; message: string }>;
interface Ctx {
  readonly root: string;
  readonly channel: GuestChannel;
  readonly input: FixupInput;
  readonly distro: Distribution;
  readonly target: NetworkConfig;
  /** Set by steps whose files end up in the initramfs (.link files, driver lists). */
  initramfsStale: boolean;
}

/** The network configuration the replica's own files describe (no MACs unless the files name them). */
export function capturedFromReplica(root: string): NetworkConfig {
  const files = rootFileView(root);
  const resolv = parseResolvConf(files.read('/etc/resolv.conf') ?? '');
  return { hostname: (files.read('/etc/hostname') ?? '').trim(), ...resolv, interfaces: nicsFromFiles(files) };
}

const changedOr = (changed: boolean, yes: string, no: string): { status: StepStatus; message: string } =>
  changed ? { status: 'changed', message: yes } : { status: 'unchanged', message: no };

const fstabStep: Step = async ({ root, input }) => {
  const text = await readFile(join(root, 'etc/fstab'), 'utf8').catch(() => '');
  const { content, changes } = rewriteFstab(text, input.deviceUuids);
  const written = await writeGuestFile(root, { path: '/etc/fstab', content });
  return changedOr(written, `mounted by UUID now: ${changes.map((c) => `${c.from} -> ${c.to} (${c.mountPoint})`).join(', ')}`, 'no device name in /etc/fstab changes on the target');
};

const bootloaderStep: Step = async ({ root, input }) => {
  const touched: string[] = [];
  for (const path of ['/boot/grub/grub.cfg', '/boot/grub2/grub.cfg', '/etc/default/grub']) {
    const text = await readFile(join(root, path), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const { content, replaced } = rewriteBootDevices(text, input.deviceUuids);
    if (replaced && (await writeGuestFile(root, { path, content }))) touched.push(`${path} (${replaced})`);
  }
  // The boot sector and core image stay valid: the disk layout is copied block for block.
  return changedOr(touched.length > 0, `root=/resume= device names replaced by UUIDs in ${touched.join(', ')}`, 'boot configuration already finds root by UUID or label; boot sector kept (disk copied block for block)');
};

const nicNamingStep: Step = async (ctx) => {
  let changed = false;
  for (const f of nicNamingFiles(ctx.target.interfaces)) changed = (await writeGuestFile(ctx.root, f)) || changed;
  if (changed) ctx.initramfsStale = true;
  const names = ctx.target.interfaces.map((n) => `${n.mac} -> ${n.name}`).join(', ');
  return changedOr(changed, `NIC names pinned by MAC: ${names}`, `NIC names already pinned: ${names}`);
};

const networkFilesStep: Step = async ({ root, distro, target }) => {
  const plan = planNetworkFiles(distro, rootFileView(root), target);
  if (!plan.write.length) return { status: 'warning', message: `network style '${plan.style}' has no Ferry writer; configure the NICs by hand after boot` };
  let changed = false;
  for (const f of plan.write) changed = (await writeGuestFile(root, f)) || changed;
  const removed = await removeGuestFiles(root, plan.remove);
  const what = `${plan.style}: wrote ${plan.write.map((f) => f.path).join(', ')}${removed.length ? `; removed ${removed.join(', ')}` : ''}`;
  return changedOr(changed || removed.length > 0, what, `${plan.style} files already describe the target NICs`);
};

const initramfsStep: Step = async (ctx) => {
  const { root, channel, distro, input } = ctx;
  const config = initramfsDriverConfig(distro, rootFileView(root), input.targetPlatform);
  if (config && (await writeGuestFile(root, config))) ctx.initramfsStale = true;
  const wanted = TARGET_DRIVERS[input.targetPlatform];
  const check = await channel.run(['sh', '-c', 'for i in /boot/initrd.img-* /boot/initramfs-*.img; do [ -f "$i" ] && echo "== $i" && (lsinitramfs "$i" 2>/dev/null || lsinitrd "$i" 2>/dev/null); done']);
  const builtin = (await channel.run(['sh', '-c', 'cat /lib/modules/*/modules.builtin 2>/dev/null'])).stdout;
  const images = check.stdout.split('== ').filter(Boolean);
  const lacking = images.some((img) => wanted.some((d) => !builtin.includes(`/${d}.ko`) && !new RegExp(`/${d}\\.ko`).test(img)));
  if (!ctx.initramfsStale && !lacking) return { status: 'unchanged', message: `every initramfs already holds ${wanted.join(', ')}` };
  const cmd = distro.initramfsTool === 'update-initramfs' ? ['update-initramfs', '-u', '-k', 'all'] : ['dracut', '-f', '--regenerate-all'];
  const rebuilt = await channel.run(cmd, { timeoutMs: 20 * 60_000 });
  if (rebuilt.exitCode !== 0) return { status: 'failed', message: `${cmd.join(' ')} failed in the replica (exit ${rebuilt.exitCode}): ${rebuilt.stderr.trim().slice(-500)}` };
  return { status: 'changed', message: `initramfs rebuilt with ${cmd[0]} for the ${input.targetPlatform} target (${wanted.join(', ')})` };
};

const stage2Step: Step = async ({ root, input }) => {
  let changed = false;
  for (const f of stage2Files(input.targetPlatform)) changed = (await writeGuestFile(root, f)) || changed;
  changed = (await ensureGuestSymlink(root, STAGE2_WANTS, STAGE2_UNIT)) || changed;
  return changedOr(changed, 'stage 2 installed: runs once at first boot (guest tools, NIC report)', 'stage 2 already installed');
};

const STEPS: ReadonlyArray<[string, Step]> = [
  ['fstab', fstabStep],
  ['bootloader', bootloaderStep],
  ['nic-naming', nicNamingStep],
  ['network-files', networkFilesStep],
  ['initramfs', initramfsStep],
  ['stage2', stage2Step],
];

/**
 * Stage 1 of the fixup (out of guest, before first boot) on a replica root mounted at `channel.root`:
 * fstab, boot configuration, NIC names by MAC, network files, initramfs with the target's drivers,
 * and stage 2 for first boot. Writes progress.txt (appended) and result.json under FIXUP_DIR.
 * Rerunning is safe: every step compares before it writes, and the initramfs is rebuilt only when
 * something in it changed or a target driver is missing.
 */
export async function runFixupStage1(
  root: string,
  channel: GuestChannel,
  input: FixupInput,
  meta: () => PrepEventMeta,
  emit: (e: FixupEvent) => Promise<void>,
): Promise<FixupResult> {
  const dir = join(root, FIXUP_DIR);
  await mkdir(dir, { recursive: true });
  const progress = (line: string): Promise<void> => appendFile(join(dir, 'progress.txt'), `${new Date(meta().atUnixMillis).toISOString()} ${line}\n`);
  await emit({ type: 'FixupStarted', meta: meta(), targetPlatform: input.targetPlatform });
  const distro = detectDistribution(rootFileView(root));
  await progress(`stage 1 start: ${distro.prettyName || distro.id} (${distro.family}, network ${distro.networkStyle}), target ${input.targetPlatform}`);
  const steps: Array<{ step: string; status: StepStatus; message: string }> = [];
  // The source configuration is kept from the first run: a rerun must map from the source NICs,
  // not from the files the first run already rewrote.
  const capturedPath = join(dir, 'captured-network.json');
  const saved = await readFile(capturedPath, 'utf8').then((t) => JSON.parse(t) as NetworkConfig, () => undefined);
  let target: NetworkConfig = input.network ?? saved ?? capturedFromReplica(root);
  if (!saved) await writeFile(capturedPath, JSON.stringify(target, null, 2) + '\n');
  const finish = async (ok: boolean): Promise<FixupResult> => {
    const result: FixupResult = { ok, changed: steps.some((s) => s.status === 'changed'), distro, network: target, steps };
    await writeFile(join(dir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
    await progress(`stage 1 ${ok ? 'done' : 'FAILED'}`);
    await emit(ok ? { type: 'FixupCompleted', meta: meta(), resultJson: JSON.stringify(result) } : { type: 'FixupFailed', meta: meta(), step: steps.at(-1)?.step ?? 'network-map', reason: steps.at(-1)?.message ?? '' });
    return result;
  };
  try {
    target = applyNicMap(target, input.nics);
  } catch (e) {
    steps.push({ step: 'network-map', status: 'failed', message: (e as Error).message });
    return finish(false);
  }
  const ctx: Ctx = { root, channel, input, distro, target, initramfsStale: false };
  for (const [name, step] of STEPS) {
    let outcome: { status: StepStatus; message: string };
    try {
      outcome = await step(ctx);
    } catch (e) {
      outcome = { status: 'failed', message: `${name}: ${(e as Error).message}` };
    }
    steps.push({ step: name, ...outcome });
    await progress(`${name}: ${outcome.status} - ${outcome.message}`);
    await emit({ type: 'FixupStepCompleted', meta: meta(), step: name, ...outcome });
    if (outcome.status === 'failed') return finish(false);
  }
  return finish(true);
}
