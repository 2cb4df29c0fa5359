// One running Ferry site for cold migration e2e tests (the harness's startFerrySite: NATS, a prem and
// a cloud vcsim and the seven services as real processes on loopback), tuned for short tests, with
// vCenter sessions, the integrator API as an operator calls it, and prem-manager's transfer control.
import { Metadata, type Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient } from '@ferry/service-kit';
import { SITE_SERVICES, startFerrySite, type ApiAccess, type FerrySiteOptions, type NatsHandle, type ServiceHandle, type VcsimPair } from '@ferry/testing';
import { VsphereClient } from '@ferry/vsphere';

/** Frames prem-manager may have in flight per disk: the most a crash can make it resend. */
export const CREDIT_WINDOW = 16;

export interface ColdMigrationEnv {
  readonly dir: string;
  /** The site CA folder (it also holds the site's cache CHAP key). */
  readonly caDir: string;
  readonly pair: VcsimPair;
  readonly nats: NatsHandle;
  readonly inventory: ServiceHandle;
  readonly esxi: ServiceHandle;
  readonly prem: ServiceHandle;
  readonly cloud: ServiceHandle;
  readonly cache: ServiceHandle;
  readonly guestPrep: ServiceHandle;
  readonly appliance: ServiceHandle;
  /** Every appliance replica (the first is `appliance`). */
  readonly appliances: readonly ServiceHandle[];
  /** Every prem-manager and cloud-manager replica (the first of each is `prem`, `cloud`). */
  readonly premManagers: readonly ServiceHandle[];
  readonly cloudManagers: readonly ServiceHandle[];
  readonly premVc: VsphereClient;
  readonly cloudVc: VsphereClient;
  /** prem-manager's transfer control, to read transfer statistics. */
  readonly shipper: Client;
  /** The integrator API over TLS as the site's admin, operator (e2e-tester) or viewer. */
  readonly api: ApiAccess;
  /** Calls the appliance's integrator API as the operator e2e-tester. */
  call<Req, Res>(method: string, request: Req): Promise<Res>;
  stop(): Promise<void>;
}

/** `applianceEnv`: further appliance settings for one test file (e.g. shorter step retries). */
/** `everyService`: variables every service of the site gets (e.g. the OTEL_* ones). */
/** `topology`: a NATS cluster instead of one server, more appliance, prem-manager or cloud-manager replicas. */
export async function startColdMigrationEnv(
  applianceEnv: Record<string, string> = {},
  everyService: Record<string, string> = {},
  topology: Pick<FerrySiteOptions, 'natsNodes' | 'applianceReplicas' | 'managerReplicas'> = {},
): Promise<ColdMigrationEnv> {
  const site = await startFerrySite({
    ...topology,
    tempPrefix: 'ferry-cold-',
    env: {
      ...Object.fromEntries(SITE_SERVICES.map((service) => [service, everyService])),
      'cloud-manager': { ...everyService, CREDIT_WINDOW: String(CREDIT_WINDOW), COMMIT_BATCH: '4' },
      appliance: { ...everyService, GUEST_SHUTDOWN_TIMEOUT_MS: '2000', COPY_POLL_MS: '100', STEP_RETRY_BACKOFF_MS: '500', ...applianceEnv },
    },
  });
  try {
    const login = (v: VcsimPair['prem']): Promise<VsphereClient> =>
      VsphereClient.connect({ url: v.sdkUrl, username: v.username, password: v.password, tls: { thumbprint: v.thumbprint } });
    const [premVc, cloudVc] = await Promise.all([login(site.pair.prem), login(site.pair.cloud)]);
    const appliance = site.service('appliance');
    const prem = site.service('prem-manager');
    const api = site.api.client('operator');
    const shipper = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(site.caDir, 'e2e-tester')) });
    return {
      dir: site.dir, caDir: site.caDir, pair: site.pair, nats: site.nats, api: site.api, appliance, appliances: site.appliances, premManagers: site.premManagers, cloudManagers: site.cloudManagers, prem, premVc, cloudVc, shipper,
      inventory: site.service('inventory'), esxi: site.service('prem-esxi-manager'), cloud: site.service('cloud-manager'), cache: site.service('cloud-cache'), guestPrep: site.service('guest-prep'),
      call<Req, Res>(method: string, request: Req): Promise<Res> {
        const metadata = new Metadata();
        const fn = (api as unknown as Record<string, (r: Req, m: Metadata, o: object, cb: (e: Error | null, v?: Res) => void) => void>)[method];
        if (!fn) throw new Error(`no method ${method} on ferry.api.v1.Ferry`);
        return new Promise((resolve, reject) => fn.call(api, request, metadata, { deadline: Date.now() + 20_000 }, (e, v) => (e ? reject(e) : resolve(v as Res))));
      },
      async stop() {
        api.close();
        shipper.close();
        await Promise.allSettled([premVc.logout(), cloudVc.logout()]);
        await site.stop();
      },
    };
  } catch (error) {
    await site.stop();
    throw error;
  }
}

export type TransferStatus = ferry.dataplane.v1.TransferStatus;
