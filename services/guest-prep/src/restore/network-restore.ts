// The prem network files put back as ferry-prep.sh captured them at preparation: each captured file
// whose content differs is rewritten (keeping its mode), and a network file the cloud stay added in
// one of the network folders is removed, so the prem VM comes up with the addresses it had on prem.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type StepOutcome } from '../disks/fixup-disks';
import { guestFilesIn, guestPathKind } from './guest-paths';

/** The folders whose entries are network configuration (ferry-prep.sh's net_files list). */
const NETWORK_FOLDERS: ReadonlyArray<readonly [string, RegExp]> = [
  ['/etc/network/interfaces.d', /^[^.]/],
  ['/etc/netplan', /\.ya?ml$/],
  ['/etc/sysconfig/network-scripts', /^ifcfg-/],
  ['/etc/sysconfig/network', /^ifcfg-/],
  ['/etc/NetworkManager/system-connections', /^[^.]/],
  ['/etc/systemd/network', /\.(network|link)$/],
];

/** Files holding secrets or read by services that insist on private modes. */
const PRIVATE = [/^\/etc\/netplan\//, /^\/etc\/NetworkManager\/system-connections\//];

export interface NetworkRestorePlan {
  readonly write: ReadonlyArray<{ path: string; content: string; mode: number }>;
  readonly remove: readonly string[];
  /** Files left alone, and why (a symlink is never followed out of the guest). */
  readonly notes: readonly string[];
}

/** Compares the mounted prem root with the captured files; writes nothing. */
export async function planNetworkRestore(root: string, captured: Readonly<Record<string, string>>): Promise<NetworkRestorePlan> {
  const write: Array<{ path: string; content: string; mode: number }> = [];
  const notes: string[] = [];
  for (const [path, content] of Object.entries(captured).sort(([a], [b]) => a.localeCompare(b))) {
    if (!path.startsWith('/etc/') || path.split('/').includes('..')) {
      notes.push(`${path} is not a network file under /etc: ignored`);
      continue;
    }
    const now = await guestPathKind(root, path);
    if (now.kind === 'symlink' || now.kind === 'other') {
      notes.push(`${path} is a ${now.kind === 'symlink' ? 'symlink' : 'non-regular file'} on the prem disk: left as it is`);
      continue;
    }
    if (now.kind === 'file' && (await readFile(join(root, path), 'utf8')) === content) continue;
    write.push({ path, content, mode: now.mode ?? (PRIVATE.some((p) => p.test(path)) ? 0o600 : 0o644) });
  }
  const remove: string[] = [];
  for (const [folder, pattern] of NETWORK_FOLDERS) {
    for (const path of await guestFilesIn(root, folder, pattern)) {
      if (path in captured) continue;
      if ((await guestPathKind(root, path)).kind === 'file') remove.push(path);
    }
  }
  return { write, remove, notes };
}

/** Carries out a plan on the prem root mounted read-write. */
export async function applyNetworkFiles(root: string, plan: NetworkRestorePlan): Promise<StepOutcome> {
  for (const f of plan.write) {
    const path = join(root, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.content, { mode: f.mode });
    await chmod(path, f.mode);
  }
  for (const p of plan.remove) await rm(join(root, p), { force: true });
  const parts = [
    plan.write.length ? `put back as captured at preparation: ${plan.write.map((f) => f.path).join(', ')}` : '',
    plan.remove.length ? `removed (added in the cloud): ${plan.remove.join(', ')}` : '',
    ...plan.notes,
  ].filter(Boolean);
  return { step: 'network', status: 'changed', message: parts.join('; ') };
}
