import { connect } from 'node:net';
import { freePort, linkProfile, measureLink, startService, startTwoSites, type LinkMeasurement, type ServiceHandle } from '@ferry/testing';

/** One end of the benchmark: where its processes run. */
export interface SitePlacement {
  /** Prefix that runs a command there (`ip netns exec <ns>`, or nothing on loopback). */
  readonly exec: readonly string[];
  /** The address a listener binds so that the other end reaches it. */
  readonly listenAddress: string;
  /** A port free there (and, for a site, reachable from the bench at 127.0.0.1). */
  freePort(): Promise<number>;
  /** Whether something accepts connections on the port there. */
  listening(port: number): Promise<boolean>;
  startService(name: string, env: Record<string, string>): Promise<ServiceHandle>;
}

/** Prem and cloud, and the path between them. */
export interface Placement {
  /** 'loopback' or the link profile's name. */
  readonly name: string;
  readonly prem: SitePlacement;
  readonly cloud: SitePlacement;
  /** host:port at which `from` reaches the other end's `port`; `host` is the name its certificate carries (on a link). */
  reach(from: 'prem' | 'cloud', port: number, host: string): Promise<string>;
  /** CPU-seconds the link's relay has used so far (0 on loopback). */
  relayCpuSeconds(): Promise<number>;
  /** Bytes the link has carried from prem to cloud so far (undefined on loopback, which has no link to count). */
  linkBytesToCloud?(): Promise<number>;
  /** Segments the link has lost so far, both ways (undefined on loopback, which loses none). */
  linkLosses?(): Promise<number>;
  /** The link measured end to end before the runs, if there is one. */
  readonly measured?: LinkMeasurement;
  stop(): Promise<void>;
}

async function loopbackListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Everything on this machine's loopback, as the benchmark always ran. */
export function loopbackPlacement(): Placement {
  const here: SitePlacement = { exec: [], listenAddress: '127.0.0.1', freePort, listening: loopbackListening, startService: (name, env) => startService(name, env) };
  return { name: 'loopback', prem: here, cloud: here, reach: async (_from, port) => `127.0.0.1:${port}`, relayCpuSeconds: async () => 0, stop: async () => undefined };
}

/** Two sites in network namespaces joined by the shaped link of `profileName` (see @ferry/testing startTwoSites). */
export async function linkPlacement(profileName: string, peerNames: readonly string[]): Promise<Placement> {
  const sites = await startTwoSites(linkProfile(profileName), { extraNames: { prem: peerNames } });
  try {
    const site = (side: 'prem' | 'cloud'): SitePlacement => ({
      exec: sites[side].exec,
      listenAddress: '0.0.0.0',
      freePort: () => sites[side].pickPort(),
      listening: (port) => sites[side].probe(port),
      startService: (name, env) => sites[side].startService(name, env),
    });
    const measured = await measureLink(sites, 64 << 20);
    return {
      name: profileName,
      prem: site('prem'),
      cloud: site('cloud'),
      measured,
      async reach(from, port, host) {
        await sites.openPort(from, port);
        return `${host}:${port}`;
      },
      relayCpuSeconds: () => sites.relayCpuSeconds(),
      linkBytesToCloud: async () => (await sites.linkBytes()).cloud,
      linkLosses: async () => (await sites.relayStats()).losses,
      stop: () => sites.stop(),
    };
  } catch (error) {
    await sites.stop();
    throw error;
  }
}
