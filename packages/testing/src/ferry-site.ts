// One whole Ferry installation on loopback, for the demo and end-to-end tests: nats-server, a prem
// and a cloud vCenter (vcsim, whose datastores are real folders) and the seven built services wired
// to each other the way an operator configures them. The datastores' folders are exposed to the data
// plane and guest-prep as <volumes>/<datastore name>, the way ESXi mounts them under /vmfs/volumes.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applianceAccessEnv, openApiAccess, type ApiAccess } from './api-access';
import { makeTempDir } from './disk-images';
import { CLOUD_HOST_INITIATOR } from './cloud-host-qemu';
import { startNats, type NatsHandle } from './nats';
import { startNatsCluster } from './nats-cluster';
import { reservePort, type PortReservation } from './ports';
import { startService, type ServiceHandle } from './services';
import { startVcsimPair, type VcsimInstance, type VcsimPair } from './vcsim';

/** The seven services, in the order the design lists them. */
export const SITE_SERVICES = ['appliance', 'inventory', 'guest-prep', 'prem-esxi-manager', 'prem-manager', 'cloud-manager', 'cloud-cache'] as const;
export type SiteService = (typeof SITE_SERVICES)[number];

/** The appliance's login-token signing key under STATE_DIR (services/appliance/src/access/tokens.ts). */
const TOKEN_KEY_FILE = 'api-token.key';

export interface FerrySiteOptions {
  /** Extra environment per service (test tuning such as poll intervals or the credit window). */
  readonly env?: Partial<Record<SiteService, Record<string, string>>>;
  /** Told what is being started, one line each. */
  readonly log?: (line: string) => void;
  /** Prefix of the site's temp folder. */
  readonly tempPrefix?: string;
  /** nats-server nodes: 1 (default) a single server, 3 a cluster with every stream at R3 (cluster mode). */
  readonly natsNodes?: number;
  /** Appliance replicas sharing the site (one leads, all serve the API). Default 1. */
  readonly applianceReplicas?: number;
  /**
   * prem-manager and cloud-manager replicas (default 1 each). prem-manager replicas take transfer jobs
   * from the queue (the appliance dispatches there); cloud-manager replicas share the target storage and
   * the resume state (TARGET_ROOT, STATE_DIR) and are all in RECEIVER_URL.
   */
  readonly managerReplicas?: { readonly prem?: number; readonly cloud?: number };
  /**
   * Runs once the vCenters are up, before any service starts: fills them the way a site already is
   * (many VMs), so the inventory collects them in one pass rather than following each creation.
   */
  readonly beforeServices?: (pair: VcsimPair, siteDir: string) => Promise<void>;
}

/** A running site; stop() ends every process (services first) and removes the temp folder. */
export interface FerrySite {
  readonly dir: string;
  readonly nats: NatsHandle;
  readonly pair: VcsimPair;
  /** The site CA folder the data-plane services and the appliance share. */
  readonly caDir: string;
  readonly services: ReadonlyMap<SiteService, ServiceHandle>;
  /** Every appliance replica; the first is services' `appliance` (the one `api` talks to). */
  readonly appliances: readonly ServiceHandle[];
  /** Every prem-manager and cloud-manager replica; the first of each is services' own. */
  readonly premManagers: readonly ServiceHandle[];
  readonly cloudManagers: readonly ServiceHandle[];
  /** The integrator API over TLS, as the bootstrapped admin, an operator or a viewer (api-access.ts). */
  readonly api: ApiAccess;
  service(name: SiteService): ServiceHandle;
  stop(): Promise<void>;
}

/** PREM_/CLOUD_VCENTER_* variables for one simulated vCenter. */
export function vcenterEnv(site: 'PREM' | 'CLOUD', vc: VcsimInstance): Record<string, string> {
  return { [`${site}_VCENTER_URL`]: vc.sdkUrl, [`${site}_VCENTER_USERNAME`]: vc.username, [`${site}_VCENTER_PASSWORD`]: vc.password, [`${site}_VCENTER_THUMBPRINT`]: vc.thumbprint };
}

/** A first replica's environment for a further one: every port it was given left out, so this one gets free ones. */
function withoutPorts(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.endsWith('_PORT')));
}

async function volumes(dir: string, datastores: VcsimInstance['datastores']): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const ds of datastores) await symlink(ds.path, join(dir, ds.name));
  return dir;
}

export async function startFerrySite(options: FerrySiteOptions = {}): Promise<FerrySite> {
  const log = options.log ?? (() => undefined);
  const { dir, cleanup } = await makeTempDir(options.tempPrefix ?? 'ferry-site-');
  const services = new Map<SiteService, ServiceHandle>();
  const extraAppliances: ServiceHandle[] = [];
  const extraManagers: ServiceHandle[] = [];
  let nats: NatsHandle | undefined;
  let pair: VcsimPair | undefined;
  /** The appliance's analyzer port, held from its pick until the appliance starts (released on every path). */
  let analyzer: PortReservation | undefined;
  const stop = async (): Promise<void> => {
    await analyzer?.release();
    for (const s of [...extraAppliances, ...extraManagers, ...[...services.values()].reverse()]) await s.stop().catch(() => undefined);
    await pair?.stop();
    await nats?.stop();
    await cleanup();
  };
  try {
    log('starting nats-server (JetStream) and the prem and cloud vCenters (vcsim)');
    // The site CA comes first: nats-server's TLS certificate is issued from it (and the services' identities are checked against it).
    const caDir = join(dir, 'site-ca');
    // Each vCenter gets a password of its own, as a real site has: tests can then look for it in every log and event.
    const vcenterPassword = (): string => `vc-${randomBytes(12).toString('base64url')}`;
    const vcsims = { prem: { model: { vmsPerPool: 0 }, password: vcenterPassword() }, cloud: { model: { vmsPerPool: 0 }, password: vcenterPassword() } };
    const natsNodes = options.natsNodes ?? 1;
    // Settled, not all: when one fails, the other is kept so stop() ends it (a vCenter pair left running otherwise).
    const [natsStarted, pairStarted] = await Promise.allSettled([natsNodes > 1 ? startNatsCluster({ nodes: natsNodes, caDir }) : startNats({ caDir }), startVcsimPair(vcsims)]);
    if (natsStarted.status === 'fulfilled') nats = natsStarted.value;
    if (pairStarted.status === 'fulfilled') pair = pairStarted.value;
    if (natsStarted.status === 'rejected') throw natsStarted.reason;
    if (pairStarted.status === 'rejected') throw pairStarted.reason;
    [nats, pair] = [natsStarted.value, pairStarted.value];
    await options.beforeServices?.(pair, dir);
    const sourceVolumes = await volumes(join(dir, 'prem-volumes'), pair.prem.datastores);
    const targetVolumes = await volumes(join(dir, 'cloud-volumes'), pair.cloud.datastores);
    const vcenters = { ...vcenterEnv('PREM', pair.prem), ...vcenterEnv('CLOUD', pair.cloud) };
    const start = async (name: SiteService, env: Record<string, string>): Promise<ServiceHandle> => {
      log(`starting ${name}`);
      // Each service joins NATS as its own identity (its nkey seed, TLS against the site CA); startService gives
      // the CA_DIR and a STATE_DIR to those that sign events and were not given them.
      const handle = await startService(name, { ...nats!.serviceEnv(name), ...env, ...options.env?.[name] });
      services.set(name, handle);
      return handle;
    };
    const inventory = await start('inventory', vcenters);
    // prem-esxi-manager reads pre-copy snapshots through the prem vCenter's datastore /folder (datastore: locators).
    const esxi = await start('prem-esxi-manager', {
      CA_DIR: caDir, SOURCE_ROOTS: sourceVolumes, STATE_DIR: join(dir, 'prem-esxi-state'),
      VCENTER_URL: pair.prem.sdkUrl, VCENTER_USER: pair.prem.username, VCENTER_PASSWORD: pair.prem.password, VCENTER_THUMBPRINT: pair.prem.thumbprint,
    });
    // cloud-manager dials the cache's FROM_CLOUD_MANAGER_PORT (demand reads, hydration), so the cache starts first.
    // cloud-cache moves hydrated volumes to cloud storage through the cloud vCenter's NFC import, and
    // pushes its IO summaries to the appliance's analyzer port (picked now and held until the appliance starts
    // last, so that no parallel suite picks it meanwhile).
    analyzer = await reservePort();
    const analyzerPort = analyzer.port;
    const cache = await start('cloud-cache', {
      CACHE_DIR: join(dir, 'cache'), CA_DIR: caDir, FROM_CLOUD_MANAGER_HOST: '127.0.0.1', ISCSI_HOST: '127.0.0.1', MOVE_TEMP_DIR: join(dir, 'move-staging'), ...vcenterEnv('CLOUD', pair.cloud),
      ANALYZER_ENDPOINT: `https://127.0.0.1:${analyzerPort}/io-summaries`, ANALYZER_INTERVAL_MS: '1000',
    });
    // cloud-manager also reads cloud disks for migrate back, through the cloud vCenter's API, and relays
    // the cache volumes' chunks from cloud-cache's block source (migrate back over the cache).
    const cloud = await start('cloud-manager', {
      CA_DIR: caDir, TARGET_ROOT: targetVolumes, STATE_DIR: join(dir, 'cloud-state'), CACHE_ENDPOINT: `127.0.0.1:${cache.ports.FROM_CLOUD_MANAGER_PORT}`,
      CACHE_BLOCK_SOURCE_URL: `127.0.0.1:${cache.ports.BLOCK_READ_PORT}`,
      VCENTER_URL: pair.cloud.sdkUrl, VCENTER_USER: pair.cloud.username, VCENTER_PASSWORD: pair.cloud.password, VCENTER_THUMBPRINT: pair.cloud.thumbprint,
    });
    const cloudManagers = [cloud];
    for (let replica = 2; replica <= (options.managerReplicas?.cloud ?? 1); replica++) {
      log(`starting cloud-manager replica ${replica}`);
      const handle = await startService('cloud-manager', withoutPorts({ ...cloud.env, ...nats.serviceEnv('cloud-manager') }));
      extraManagers.push(handle);
      cloudManagers.push(handle);
    }
    // Every session stripes, however little it sends (STRIPE_MIN_MIB=0), so the e2e tests' small disks cover stripes.
    const prem = await start('prem-manager', { CA_DIR: caDir, DATA_DIR: join(dir, 'prem-data'), STRIPE_MIN_MIB: '0' });
    const premManagers = [prem];
    for (let replica = 2; replica <= (options.managerReplicas?.prem ?? 1); replica++) {
      log(`starting prem-manager replica ${replica}`);
      const handle = await startService('prem-manager', withoutPorts({ ...prem.env, ...nats.serviceEnv('prem-manager'), DATA_DIR: join(dir, `prem-data-${replica}`) }));
      extraManagers.push(handle);
      premManagers.push(handle);
    }
    // guest-prep fixes up replicas: it mounts the flat extents the appliance names under TARGET_VOLUMES.
    // … and prepares running guests (warm) through the prem vCenter's Guest Operations.
    const premGuestOps = { GUEST_PREP_VCENTER_URL: pair.prem.sdkUrl, GUEST_PREP_VCENTER_USERNAME: pair.prem.username, GUEST_PREP_VCENTER_PASSWORD: pair.prem.password, GUEST_PREP_VCENTER_THUMBPRINT: pair.prem.thumbprint };
    await start('guest-prep', premGuestOps);
    // The simulator's guest login (infra/vcsim guest_ops.go); a real site keeps its own in a 0600 file.
    const guestPasswordFile = join(dir, 'guest-password');
    await writeFile(guestPasswordFile, 'ferry-guest\n', { mode: 0o600 });
    // The first admin comes from a secret file (ADMIN_BOOTSTRAP_FILE); the API serves TLS from the site CA.
    const access = await applianceAccessEnv(dir);
    const applianceEnv = {
      ...access.env,
      ...vcenters, CA_DIR: caDir, INVENTORY_API_URL: `127.0.0.1:${inventory.ports.API_PORT}`,
      SHIPPER_URL: `127.0.0.1:${prem.ports.CONTROL_PORT}`, BLOCK_SOURCE_URL: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, RECEIVER_URL: cloudManagers.map((m) => `127.0.0.1:${m.ports.INTERCONNECT_PORT}`).join(','),
      SOURCE_VOLUMES: sourceVolumes, TARGET_VOLUMES: targetVolumes,
      CACHE_ISCSI_PORTAL: `127.0.0.1:${cache.ports.ISCSI_PORT}`, DEMAND_LANE_URL: `127.0.0.1:${cloud.ports.INTERCONNECT_ALT_PORT}`, GUEST_PASSWORD_FILE: guestPasswordFile,
      ANALYZER_PORT: String(analyzerPort), CLOUD_HOST_INITIATORS: CLOUD_HOST_INITIATOR,
      // Migrate back: prem-manager reads the cloud VMs' disks (and, over the cache, the chunks written in
      // the cloud, which cloud-manager relays from cloud-cache) from cloud-manager, and writes the prem
      // disks through prem-esxi-manager. CACHE_BLOCK_SOURCE_URL is left unset: it defaults to cloud-manager.
      CLOUD_BLOCK_SOURCE_URL: `127.0.0.1:${cloud.ports.BLOCK_READ_PORT}`, PREM_BLOCK_WRITE_URL: `127.0.0.1:${esxi.ports.BLOCK_WRITE_PORT}`,
    };
    await analyzer.release();
    const appliance = await start('appliance', applianceEnv);
    const api = await openApiAccess(appliance, access.adminPassword);
    // Further replicas: the same site, each with its own event-signing key and ports; the lease picks the leader. They
    // start once the harness users exist (an appliance reads the principals at start) and share the login-token key,
    // as replicas behind one address do, so a token works on every replica.
    for (let replica = 2; replica <= (options.applianceReplicas ?? 1); replica++) {
      log(`starting appliance replica ${replica}`);
      // Ports the caller fixed for the first replica are left out: this one gets free ones.
      const shared: Record<string, string> = { ...applianceEnv, ...options.env?.appliance };
      for (const variable of ['API_PORT', 'OPS_PORT', 'ANALYZER_PORT']) delete shared[variable];
      const stateDir = join(dir, `appliance-${replica}-state`);
      await mkdir(stateDir, { recursive: true, mode: 0o700 });
      await copyFile(join(appliance.env.STATE_DIR ?? '', TOKEN_KEY_FILE), join(stateDir, TOKEN_KEY_FILE));
      extraAppliances.push(await startService('appliance', { ...nats.serviceEnv('appliance'), ...shared, STATE_DIR: stateDir }));
    }
    const running = services;
    return {
      dir, nats, pair, caDir, services: running, appliances: [appliance, ...extraAppliances], premManagers, cloudManagers, api, stop,
      service(name: SiteService): ServiceHandle {
        const handle = running.get(name);
        if (handle === undefined) throw new Error(`${name} is not part of this site`);
        return handle;
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
