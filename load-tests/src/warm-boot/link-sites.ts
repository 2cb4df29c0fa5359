/**
 * Where bench:warm-boot runs the warm plane: all on loopback, or prem-esxi-manager and prem-manager in
 * the prem namespace and cloud-manager in the cloud namespace of two sites joined by a shaped link.
 * The cache (and qemu, its initiator) stay in the bench's namespace, which cloud-manager reaches over
 * an unshaped local bridge: every miss crosses the shaped link between prem-manager and cloud-manager.
 */
import type { WarmPlaneSites } from '@ferry/cloud-cache/dist/test/support/warm-plane';
import { LOOPBACK_SITES } from '@ferry/cloud-cache/dist/test/support/warm-plane';
import { linkProfile, measureLink, startTwoSites, type LinkMeasurement } from '@ferry/testing';

/** The plane's sites and the link between them. */
export interface BenchSites {
  /** 'loopback' or the link profile's name. */
  readonly name: string;
  readonly sites: WarmPlaneSites;
  /** The link measured prem → cloud before the boots (absent on loopback). */
  readonly measured?: LinkMeasurement;
  stop(): Promise<void>;
}

/** `link`: a link profile name (lan, metro, wan, thin) or undefined for loopback. */
export async function benchSites(link: string | undefined): Promise<BenchSites> {
  if (link === undefined) return { name: 'loopback', sites: LOOPBACK_SITES, stop: async () => undefined };
  const two = await startTwoSites(linkProfile(link));
  try {
    const measured = await measureLink(two, 64 << 20);
    const sites: WarmPlaneSites = {
      startPrem: (name, env) => two.prem.startService(name, env),
      startCloud: (name, env) => two.cloud.startService(name, env),
      cloudListenAddress: '0.0.0.0',
      reachCache: (port) => two.cloud.reachRoot(port),
      async reachCloud(port) {
        await two.openPort('prem', port);
        return `cloud-manager:${port}`;
      },
    };
    return { name: link, sites, measured, stop: () => two.stop() };
  } catch (error) {
    await two.stop();
    throw error;
  }
}
