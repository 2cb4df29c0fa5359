// One running Ferry site for cold migration e2e tests: NATS, a prem and a cloud vcsim, the inventory,
// the three data-plane services, guest-prep (the replica's fixup) and the appliance, all real
// processes on loopback. The datastores' local folders are exposed to the data plane and guest-prep
// as <volumes>/<datastore name>, the way ESXi mounts them.
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Metadata, type Client } from '@grpc/grpc-js';
import { issueLeaf, mutualTlsClient } from '@ferry/block-pipeline';
import { ferry } from '@ferry/proto';
import { grpcClient } from '@ferry/service-kit';
import { makeTempDir, startNats, startService, startVcsimPair, type NatsHandle, type ServiceHandle, type VcsimPair } from '@ferry/testing';
import { VsphereClient } from '@ferry/vsphere';

/** Frames prem-manager may have in flight per disk: the most a crash can make it resend. */
export const CREDIT_WINDOW = 16;

export interface ColdMigrationEnv {
  readonly dir: string;
  readonly pair: VcsimPair;
  readonly nats: NatsHandle;
  readonly inventory: ServiceHandle;
  readonly esxi: ServiceHandle;
  readonly prem: ServiceHandle;
  readonly cloud: ServiceHandle;
  readonly guestPrep: ServiceHandle;
  readonly appliance: ServiceHandle;
  readonly premVc: VsphereClient;
  readonly cloudVc: VsphereClient;
  /** prem-manager's transfer control, to read transfer statistics. */
  readonly shipper: Client;
  /** Calls the appliance's integrator API as an operator. */
  call<Req, Res>(method: string, request: Req): Promise<Res>;
  stop(): Promise<void>;
}

const vcEnv = (site: 'PREM' | 'CLOUD', v: VcsimPair['prem']): Record<string, string> => ({
  [`${site}_VCENTER_URL`]: v.sdkUrl, [`${site}_VCENTER_USERNAME`]: v.username, [`${site}_VCENTER_PASSWORD`]: v.password, [`${site}_VCENTER_THUMBPRINT`]: v.thumbprint,
});

/** <dir>/<datastore name> → the datastore's folder, as /vmfs/volumes is on ESXi. */
async function volumes(dir: string, datastores: VcsimPair['prem']['datastores']): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const ds of datastores) await symlink(ds.path, join(dir, ds.name));
  return dir;
}

export async function startColdMigrationEnv(): Promise<ColdMigrationEnv> {
  const { dir, cleanup } = await makeTempDir('ferry-cold-');
  const started: ServiceHandle[] = [];
  const [nats, pair] = await Promise.all([startNats(), startVcsimPair({ prem: { model: { vmsPerPool: 0 } }, cloud: { model: { vmsPerPool: 0 } } })]);
  const stopAll = async (): Promise<void> => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    await pair.stop();
    await nats.stop();
    await cleanup();
  };
  try {
    const caDir = join(dir, 'site-ca');
    const sourceVolumes = await volumes(join(dir, 'prem-volumes'), pair.prem.datastores);
    const targetVolumes = await volumes(join(dir, 'cloud-volumes'), pair.cloud.datastores);
    const common = { NATS_URL: nats.url, CA_DIR: caDir };
    const inventory = await startService('inventory', { NATS_URL: nats.url, API_HOST: '127.0.0.1', ...vcEnv('PREM', pair.prem), ...vcEnv('CLOUD', pair.cloud) });
    started.push(inventory);
    const esxi = await startService('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceVolumes });
    started.push(esxi);
    const cloud = await startService('cloud-manager', {
      ...common, INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: targetVolumes, STATE_DIR: join(dir, 'cloud-state'), CREDIT_WINDOW: String(CREDIT_WINDOW), COMMIT_BATCH: '4',
    });
    started.push(cloud);
    const prem = await startService('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') });
    started.push(prem);
    // guest-prep mounts the flat extents the appliance names under TARGET_VOLUMES (it runs as root).
    const guestPrep = await startService('guest-prep', { NATS_URL: nats.url });
    started.push(guestPrep);
    const appliance = await startService('appliance', {
      NATS_URL: nats.url, API_HOST: '127.0.0.1', INVENTORY_API_URL: `127.0.0.1:${inventory.ports.API_PORT}`, CA_DIR: caDir,
      ...vcEnv('PREM', pair.prem), ...vcEnv('CLOUD', pair.cloud),
      SHIPPER_URL: `127.0.0.1:${prem.ports.CONTROL_PORT}`, BLOCK_SOURCE_URL: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, RECEIVER_URL: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}`,
      SOURCE_VOLUMES: sourceVolumes, TARGET_VOLUMES: targetVolumes, GUEST_SHUTDOWN_TIMEOUT_MS: '2000', COPY_POLL_MS: '100', STEP_RETRY_BACKOFF_MS: '500',
    });
    started.push(appliance);
    const login = (v: VcsimPair['prem']): Promise<VsphereClient> =>
      VsphereClient.connect({ url: v.sdkUrl, username: v.username, password: v.password, tls: { thumbprint: v.thumbprint } });
    const [premVc, cloudVc] = await Promise.all([login(pair.prem), login(pair.cloud)]);
    const api = grpcClient('ferry.api.v1.Ferry', `127.0.0.1:${appliance.ports.API_PORT}`);
    const shipper = grpcClient('ferry.dataplane.v1.Shipper', `127.0.0.1:${prem.ports.CONTROL_PORT}`, { credentials: mutualTlsClient(await issueLeaf(caDir, 'e2e-tester')) });
    return {
      dir, pair, nats, inventory, esxi, prem, cloud, guestPrep, appliance, premVc, cloudVc, shipper,
      call<Req, Res>(method: string, request: Req): Promise<Res> {
        const metadata = new Metadata();
        metadata.set('x-ferry-actor', 'operator:e2e-tester');
        const fn = (api as unknown as Record<string, (r: Req, m: Metadata, o: object, cb: (e: Error | null, v?: Res) => void) => void>)[method];
        if (!fn) throw new Error(`no method ${method} on ferry.api.v1.Ferry`);
        return new Promise((resolve, reject) => fn.call(api, request, metadata, { deadline: Date.now() + 20_000 }, (e, v) => (e ? reject(e) : resolve(v as Res))));
      },
      async stop() {
        api.close();
        shipper.close();
        await Promise.allSettled([premVc.logout(), cloudVc.logout()]);
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export type TransferStatus = ferry.dataplane.v1.TransferStatus;
