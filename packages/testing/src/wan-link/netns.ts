import { execFile, execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LinkProfile } from './link-profiles';

const run = promisify(execFile);

/** The three namespaces of one pair of sites: prem ↔ link (the relay) ↔ cloud. */
export interface Namespaces {
  prem: string;
  link: string;
  cloud: string;
}

export type Side = 'prem' | 'cloud';

/** The link namespace's veth facing each site. */
export const LINK_DEVICE: Record<Side, string> = { prem: 'toprem', cloud: 'tocloud' };

/** Addresses on the two veth pairs: each site sees the relay, never the other site. */
export const ADDRESSES = {
  site: { prem: '10.231.1.2', cloud: '10.231.2.2' },
  relay: { prem: '10.231.1.1', cloud: '10.231.2.1' },
} as const;

/** Host names each site resolves (through /etc/netns/<ns>/hosts) to the relay's address on its side. */
export const SITE_NAMES: Readonly<Record<Side, readonly string[]>> = {
  prem: ['prem', 'prem-manager', 'prem-esxi-manager', 'appliance'],
  cloud: ['cloud', 'cloud-manager', 'cloud-cache'],
};

const PREFIX = 'ferry-link';
let created = 0;

/** Fresh names, with this process's pid in them so a later run can sweep what a killed one left. */
export function namespaceNames(): Namespaces {
  const tag = `${PREFIX}-${process.pid}-${++created}`;
  return { prem: `${tag}-prem`, link: `${tag}-link`, cloud: `${tag}-cloud` };
}

const ip = (...args: string[]) => run('ip', args);

/** tbf: the rate, a burst of 4 ms at that rate (at least 64 KiB: above a kernel tick and a GSO segment), 20 ms of queue. */
function tbfArgs(profile: LinkProfile): string[] {
  const burstBytes = Math.max(64 * 1024, Math.round((profile.rateBitsPerSecond / 8) * 0.004));
  return ['rate', `${profile.rateBitsPerSecond}bit`, 'burst', String(burstBytes), 'latency', '20ms'];
}

/**
 * Makes the namespaces and veth pairs (created inside the namespaces, so no name touches the root
 * namespace), addresses them, shapes both directions with tbf on the link namespace's veths, and
 * writes each site's hosts file. `extraNames`: more host names a site answers to (e.g. a peer's
 * certificate name).
 */
export async function createNamespaces(ns: Namespaces, profile: LinkProfile, extraNames: Partial<Record<Side, readonly string[]>> = {}): Promise<void> {
  for (const name of [ns.prem, ns.link, ns.cloud]) {
    await ip('netns', 'add', name);
    await ip('-n', name, 'link', 'set', 'lo', 'up');
  }
  for (const side of ['prem', 'cloud'] as const) {
    const facing = LINK_DEVICE[side];
    await ip('link', 'add', 'wan0', 'netns', ns[side], 'type', 'veth', 'peer', 'name', facing, 'netns', ns.link);
    await ip('-n', ns[side], 'addr', 'add', `${ADDRESSES.site[side]}/24`, 'dev', 'wan0');
    await ip('-n', ns.link, 'addr', 'add', `${ADDRESSES.relay[side]}/24`, 'dev', facing);
    await ip('-n', ns[side], 'link', 'set', 'wan0', 'up');
    await ip('-n', ns.link, 'link', 'set', facing, 'up');
    await run('tc', ['-n', ns.link, 'qdisc', 'add', 'dev', facing, 'root', 'tbf', ...tbfArgs(profile)]);
    // `ip netns exec` mounts /etc/netns/<ns>/hosts over /etc/hosts: the other site's names lead to the relay.
    const otherSide = side === 'prem' ? 'cloud' : 'prem';
    const names = [...SITE_NAMES[otherSide], ...(extraNames[otherSide] ?? [])];
    await mkdir(join('/etc/netns', ns[side]), { recursive: true });
    await writeFile(join('/etc/netns', ns[side], 'hosts'), `127.0.0.1 localhost\n::1 localhost\n${ADDRESSES.relay[side]} ${names.join(' ')}\n`);
  }
}

/**
 * Each device's transmit byte count in a `/proc/<pid>/net/dev` listing: the kernel's own counters of the
 * pid's network namespace, the ones `ip -s link` prints, read without starting a process.
 */
export function transmitBytes(netDev: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of netDev.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    // After the name: 8 receive fields, then the transmit bytes.
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    const bytes = Number(fields[8]);
    if (fields.length >= 16 && Number.isSafeInteger(bytes)) counts.set(line.slice(0, colon).trim(), bytes);
  }
  return counts;
}

/**
 * Bytes the link has carried toward `side` so far: what left the link namespace's veth facing it, as the
 * kernel counts them after the rate shaping (frames with their Ethernet, IP and TCP headers).
 */
export async function linkTxBytes(ns: Namespaces, side: Side): Promise<number> {
  const facing = LINK_DEVICE[side];
  const { stdout } = await run('ip', ['-n', ns.link, '-j', '-s', 'link', 'show', 'dev', facing]);
  const bytes = (JSON.parse(stdout) as Array<{ stats64?: { tx?: { bytes?: number } } }>)[0]?.stats64?.tx?.bytes;
  if (typeof bytes !== 'number') throw new Error(`no transmit counter for ${facing} in namespace ${ns.link} (ip -s -j link show printed ${stdout.slice(0, 200)})`);
  return bytes;
}

/** Kills every process left in the namespaces, deletes them (their veths go with them) and their hosts files. Never throws. */
export function destroyNamespacesSync(ns: Namespaces): void {
  for (const name of [ns.prem, ns.link, ns.cloud]) {
    try {
      const pids = execFileSync('ip', ['netns', 'pids', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);
      for (const pid of pids) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    } catch {
      // no such namespace
    }
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    } catch {
      // no such namespace
    }
    rmSync(join('/etc/netns', name), { recursive: true, force: true });
  }
}

/** destroyNamespacesSync for the normal path (a few ip commands: quick enough to run synchronously). */
export async function destroyNamespaces(ns: Namespaces): Promise<void> {
  destroyNamespacesSync(ns);
  await Promise.resolve();
}

/** Our namespaces whose creating process is gone (a run killed with SIGKILL): removed before new ones are made. */
export async function sweepStaleNamespaces(): Promise<string[]> {
  const listed = (await run('ip', ['netns', 'list'])).stdout.split('\n').map((line) => line.split(' ')[0] ?? '');
  const stale = new Set<string>();
  for (const name of listed) {
    const match = new RegExp(`^(${PREFIX}-(\\d+)-\\d+)-(prem|link|cloud)$`).exec(name);
    if (match === null || isAlive(Number(match[2]))) continue;
    stale.add(match[1]!);
  }
  for (const tag of stale) destroyNamespacesSync({ prem: `${tag}-prem`, link: `${tag}-link`, cloud: `${tag}-cloud` });
  return [...stale];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every namespace this module's naming scheme has on the machine now (the int test checks none is left). */
export async function ourNamespaces(): Promise<string[]> {
  return (await run('ip', ['netns', 'list'])).stdout.split('\n').map((line) => line.split(' ')[0] ?? '').filter((name) => name.startsWith(`${PREFIX}-`));
}
