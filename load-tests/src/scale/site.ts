// bench:scale's site: the harness's whole Ferry site on loopback in cluster mode: a 3-node nats-server
// cluster with every stream at R3 and two appliance replicas (one leads and runs the migrations; the
// bench drives the integrator API through the other, as an integrator behind a load balancer may
// reach either), and `managerReplicas` prem-manager replicas (taking transfer jobs from the queue) and
// cloud-manager replicas (sharing TARGET_ROOT and STATE_DIR).
import type { Client } from '@grpc/grpc-js';
import { leaderGauge, startFerrySite, type FerrySite, type ServiceHandle, type VcsimInstance, type VcsimPair } from '@ferry/testing';
import { VsphereClient } from '@ferry/vsphere';
import { callUnary } from '../api/calls';

/** The running site and what the bench reads from it. */
export interface ScaleSite {
  readonly site: FerrySite;
  readonly premVc: VsphereClient;
  readonly cloudVc: VsphereClient;
  /** The replica holding the leader lease (runs the migrations) and the one that follows. */
  readonly leader: ServiceHandle;
  readonly follower: ServiceHandle;
  /** Calls ferry.api.v1.Ferry on the follower as the operator. */
  call<Res>(method: string, request: object, deadlineMs?: number): Promise<Res>;
  stop(): Promise<void>;
}

async function electedLeader(replicas: readonly ServiceHandle[], timeoutMs: number): Promise<{ leader: ServiceHandle; follower: ServiceHandle }> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const gauges = await Promise.all(replicas.map(leaderGauge));
    const leader = replicas[gauges.indexOf(1)];
    const follower = replicas.find((r, i) => r !== leader && gauges[i] === 0);
    if (leader && follower) return { leader, follower };
    if (Date.now() > deadline) throw new Error(`no appliance replica leads with another following after ${timeoutMs / 1000} s (ferry_appliance_leader: ${gauges.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** How the bench wants its site. */
export interface ScaleSiteOptions {
  readonly applianceEnv: Record<string, string>;
  readonly log: (line: string) => void;
  /** prem-manager and cloud-manager replicas (1 or more each). */
  readonly managerReplicas: number;
  /**
   * Fills the prem vCenter before any service starts. vcsim's WaitForUpdatesEx recollects its whole
   * container view for every update it hands out, so hundreds of VMs created while the inventory
   * follows cost it minutes and its answers come too late; a site that already has its VMs does not.
   */
  readonly fillPrem: (prem: VcsimInstance, premVc: VsphereClient, siteDir: string) => Promise<void>;
}

const login = (v: VcsimInstance): Promise<VsphereClient> => VsphereClient.connect({ url: v.sdkUrl, username: v.username, password: v.password, tls: { thumbprint: v.thumbprint } });

/** Starts the site, its prem vCenter filled by `fillPrem` first. */
export async function startScaleSite(options: ScaleSiteOptions): Promise<ScaleSite> {
  const vcs: VsphereClient[] = [];
  const beforeServices = async (pair: VcsimPair, siteDir: string): Promise<void> => {
    const premVc = await login(pair.prem);
    vcs.push(premVc);
    await options.fillPrem(pair.prem, premVc, siteDir);
  };
  let site: FerrySite;
  try {
    site = await startFerrySite({ tempPrefix: 'ferry-bench-scale-', natsNodes: 3, applianceReplicas: 2, managerReplicas: { prem: options.managerReplicas, cloud: options.managerReplicas }, env: { appliance: options.applianceEnv }, log: options.log, beforeServices });
  } catch (error) {
    await Promise.allSettled(vcs.map((vc) => vc.logout()));
    throw error;
  }
  let client: Client | undefined;
  try {
    vcs.push(await login(site.pair.cloud));
    const { leader, follower } = await electedLeader(site.appliances, 30_000);
    const operator = site.api.at(`127.0.0.1:${follower.ports.API_PORT}`).client('operator');
    client = operator;
    return {
      site, premVc: vcs[0]!, cloudVc: vcs[1]!, leader, follower,
      call: <Res>(method: string, request: object, deadlineMs = 30_000) => callUnary<Res>(operator, method, request, deadlineMs),
      async stop() {
        operator.close();
        await Promise.allSettled(vcs.map((vc) => vc.logout()));
        await site.stop();
      },
    };
  } catch (error) {
    client?.close();
    await Promise.allSettled(vcs.map((vc) => vc.logout()));
    await site.stop();
    throw error;
  }
}
