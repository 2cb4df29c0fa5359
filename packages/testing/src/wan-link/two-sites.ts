import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { freePort } from '../ports';
import { startService, type ServiceHandle, type StartServiceOptions } from '../services';
import { HelperProcess } from './helper-process';
import type { RelayConfig } from './link-relay';
import { lossStallMs, type LinkProfile } from './link-profiles';
import type { RelayStats } from './relay-stats';
import { ADDRESSES, createNamespaces, destroyNamespaces, destroyNamespacesSync, LINK_DEVICE, namespaceNames, sweepStaleNamespaces, transmitBytes, type Namespaces, type Side } from './netns';
import { serveLoopbackToUnix, serveUnixToLoopback } from './socket-bridge';

// The helper programs run from the build (packages/testing/dist/src/wan-link), also under jest.
const BUILT = resolve(__dirname, __dirname.split(sep).includes('dist') ? '.' : '../../dist/src/wan-link');

/** One site: a network namespace whose processes reach the other site only over the shaped link. */
export interface Site {
  readonly side: Side;
  readonly netns: string;
  /** Its address on the link (the relay connects to it; the other site never sees it). */
  readonly address: string;
  /** Runs a command in the site: `[...site.exec, command, ...args]`. */
  readonly exec: readonly string[];
  /** A free port of the site that the root namespace's 127.0.0.1 also reaches (health checks, control calls). */
  pickPort(): Promise<number>;
  /** Makes the site's 127.0.0.1:`port` reachable at the root namespace's 127.0.0.1:`port`. */
  expose(port: number): Promise<void>;
  /** Makes the root namespace's 127.0.0.1:`port` (NATS) reachable at the site's 127.0.0.1:`port`. */
  reachRoot(port: number): Promise<void>;
  /** Whether something inside the site accepts connections on host:port. */
  probe(port: number, host?: string): Promise<boolean>;
  /** startService in this site: its ports picked with pickPort, its NATS_URL's port reached in the root namespace. */
  startService(name: string, env: Record<string, string>, options?: StartServiceOptions): Promise<ServiceHandle>;
}

/** Two sites on one machine, joined by a shaped link. */
export interface TwoSites {
  readonly profile: LinkProfile;
  readonly prem: Site;
  readonly cloud: Site;
  readonly namespaces: Namespaces;
  /** The relay's pid (its CPU is the link's, the same for every peer). */
  readonly relayPid: number | undefined;
  /**
   * Opens the link for connections from `from` to the other site's `port`: `from` then dials
   * `<other side's name>:<port>` (e.g. cloud-manager:6000 from prem), through the relay.
   */
  openPort(from: Side, port: number): Promise<void>;
  /** User+system CPU-seconds the relay has used so far. */
  relayCpuSeconds(): Promise<number>;
  /** Bytes the relay carried each way and the segments it counted as lost, in total and for each of its last connections. */
  relayStats(): Promise<RelayStats>;
  /** Bytes the link has carried toward each site so far, counted by the kernel after the rate shaping. */
  linkBytes(): Promise<Record<Side, number>>;
  /** Stops the helpers, kills whatever still runs in the namespaces, deletes them. Idempotent. */
  stop(): Promise<void>;
}

/** Options for {@link startTwoSites}. */
export interface TwoSitesOptions {
  /** More host names each site answers to from the other (e.g. a certificate name a peer dials). */
  extraNames?: Partial<Record<Side, readonly string[]>>;
}

const live = new Set<Namespaces>();
const cleanupOnSignal = (): void => {
  for (const ns of live) destroyNamespacesSync(ns);
  process.exit(130);
};
const cleanupOnExit = (): void => {
  for (const ns of live) destroyNamespacesSync(ns);
};

function track(ns: Namespaces): void {
  if (live.size === 0) {
    process.once('SIGINT', cleanupOnSignal);
    process.once('SIGTERM', cleanupOnSignal);
    process.once('exit', cleanupOnExit);
  }
  live.add(ns);
}

function untrack(ns: Namespaces): void {
  live.delete(ns);
  if (live.size > 0) return;
  process.removeListener('SIGINT', cleanupOnSignal);
  process.removeListener('SIGTERM', cleanupOnSignal);
  process.removeListener('exit', cleanupOnExit);
}

/**
 * Builds prem, link and cloud network namespaces with the rate shaped by tc tbf and the round trip
 * and losses added by a relay in the link namespace (see link-relay.ts and
 * docs/data-plane-performance.md for what the relay does and does not emulate). Needs root and
 * `npm run build` of @ferry/testing. Everything is removed by stop(), on SIGINT/SIGTERM and at exit;
 * namespaces left by a run killed outright are swept at the next start.
 */
export async function startTwoSites(profile: LinkProfile, options: TwoSitesOptions = {}): Promise<TwoSites> {
  await sweepStaleNamespaces();
  const ns = namespaceNames();
  track(ns);
  const dir = await mkdtemp(join(tmpdir(), 'ferry-link-'));
  const rootServers: Server[] = [];
  const helpers: HelperProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const helper of helpers) await helper.stop();
    for (const server of rootServers) server.close();
    await destroyNamespaces(ns);
    await rm(dir, { recursive: true, force: true });
    untrack(ns);
  };
  try {
    await createNamespaces(ns, profile, options.extraNames);
    rootServers.push(await serveUnixToLoopback(join(dir, 'root.sock')));
    const oneWayMs = profile.rttMs / 2;
    const bytesPerMs = profile.rateBitsPerSecond / 8 / 1000;
    const config: RelayConfig = {
      relayAddress: { ...ADDRESSES.relay },
      siteAddress: { ...ADDRESSES.site },
      // The queue holds twice what the link carries in one delay, plus 1 MiB: it never limits the rate by itself.
      line: { oneWayMs, queueLimitBytes: Math.round(2 * bytesPerMs * oneWayMs) + (1 << 20), lossRate: profile.lossRate, stallMs: lossStallMs(profile) },
    };
    const relay = await HelperProcess.start('link relay', ['ip', 'netns', 'exec', ns.link], join(BUILT, 'link-relay.js'), [JSON.stringify(config)]);
    helpers.push(relay);
    const site = async (side: Side): Promise<Site> => {
      const sitePath = join(dir, `${side}.sock`);
      const exec = ['ip', 'netns', 'exec', ns[side]] as const;
      const agent = await HelperProcess.start(`${side} site agent`, exec, join(BUILT, 'site-agent.js'), [sitePath, join(dir, 'root.sock')]);
      helpers.push(agent);
      const reached = new Set<number>();
      const self: Site = {
        side,
        netns: ns[side],
        address: ADDRESSES.site[side],
        exec,
        async expose(port) {
          rootServers.push(await serveLoopbackToUnix(port, sitePath));
        },
        async pickPort() {
          const port = await freePort();
          await self.expose(port);
          return port;
        },
        async reachRoot(port) {
          if (reached.has(port)) return;
          reached.add(port);
          await agent.request({ op: 'reach-root', port });
        },
        async probe(port, host) {
          return (await agent.request({ op: 'probe', port, host })).open === true;
        },
        async startService(name, env, serviceOptions = {}) {
          const natsPort = env.NATS_URL === undefined ? undefined : Number(new URL(env.NATS_URL).port);
          if (natsPort !== undefined) await self.reachRoot(natsPort);
          return startService(name, env, { pickPort: () => self.pickPort(), spawnPrefix: exec, ...serviceOptions });
        },
      };
      return self;
    };
    const [prem, cloud] = [await site('prem'), await site('cloud')];
    return {
      profile,
      prem,
      cloud,
      namespaces: ns,
      relayPid: relay.pid,
      async openPort(from, port) {
        await relay.request({ op: 'forward', from, port });
      },
      async relayCpuSeconds() {
        const fields = (await readFile(`/proc/${relay.pid}/stat`, 'utf8').catch(() => '')).replace(/^.*\) /, '').split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100;
      },
      async linkBytes() {
        // The relay lives in the link namespace: its /proc/<pid>/net/dev is that namespace's counters, read
        // without starting `ip` (a benchmark samples this every 50 ms, and two processes each time took
        // a third of a core from the services it measures).
        const where = `/proc/${relay.pid ?? '?'}/net/dev`;
        const listing = await readFile(where, 'utf8').catch((error: Error) => {
          throw new Error(`the link's byte counts could not be read from ${where}: the link relay has stopped (${error.message}); start the sites again`);
        });
        const counts = transmitBytes(listing);
        const prem = counts.get(LINK_DEVICE.prem);
        const cloud = counts.get(LINK_DEVICE.cloud);
        if (prem === undefined || cloud === undefined) throw new Error(`${where} lists no ${LINK_DEVICE.prem} and ${LINK_DEVICE.cloud}: the relay is not in the link namespace ${ns.link}`);
        return { prem, cloud };
      },
      async relayStats() {
        const { connections, bytes, losses, perConnection } = await relay.request({ op: 'stats' });
        return { connections: Number(connections), bytes: bytes as RelayStats['bytes'], losses: Number(losses), perConnection: perConnection as RelayStats['perConnection'] };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
