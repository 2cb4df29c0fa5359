// The loopback installation the cold-migration demo runs on: nats-server, a prem and a cloud vCenter
// (vcsim) whose datastores are real folders, and all seven services wired to each other the way an
// operator would configure them (ports are free loopback ports, never the defaults).
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, startNats, startService, startVcsimPair, type NatsHandle, type ServiceHandle, type VcsimPair } from '@ferry/testing';
import { VsphereClient } from '@ferry/vsphere';
import type { ServiceName } from '../system';

/** Everything the demo started; stop() ends it all and removes the temp folder. */
export interface DemoEnvironment {
  readonly dir: string;
  readonly nats: NatsHandle;
  readonly pair: VcsimPair;
  readonly services: Map<ServiceName, ServiceHandle>;
  readonly premVc: VsphereClient;
  /** host:port of the appliance's integrator API. */
  readonly appliance: string;
  stop(): Promise<void>;
}

const vcEnv = (site: 'PREM' | 'CLOUD', v: VcsimPair['prem']): Record<string, string> => ({
  [`${site}_VCENTER_URL`]: v.sdkUrl, [`${site}_VCENTER_USERNAME`]: v.username, [`${site}_VCENTER_PASSWORD`]: v.password, [`${site}_VCENTER_THUMBPRINT`]: v.thumbprint,
});

/** <dir>/<datastore name> → the datastore's folder, as /vmfs/volumes looks next to ESXi. */
async function volumes(dir: string, datastores: VcsimPair['prem']['datastores']): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const ds of datastores) await symlink(ds.path, join(dir, ds.name));
  return dir;
}

export async function startDemoEnvironment(log: (line: string) => void): Promise<DemoEnvironment> {
  const { dir, cleanup } = await makeTempDir('ferry-demo-');
  const services = new Map<ServiceName, ServiceHandle>();
  let pair: VcsimPair | undefined;
  let nats: NatsHandle | undefined;
  const stop = async (): Promise<void> => {
    for (const s of [...services.values()].reverse()) await s.stop().catch(() => undefined);
    await pair?.stop();
    await nats?.stop();
    await cleanup();
  };
  try {
    log('starting nats-server (JetStream) and the prem and cloud vCenters (vcsim)');
    [nats, pair] = await Promise.all([startNats(), startVcsimPair({ prem: { model: { vmsPerPool: 0 } }, cloud: { model: { vmsPerPool: 0 } } })]);
    const caDir = join(dir, 'site-ca');
    const sourceVolumes = await volumes(join(dir, 'prem-volumes'), pair.prem.datastores);
    const targetVolumes = await volumes(join(dir, 'cloud-volumes'), pair.cloud.datastores);
    const common = { NATS_URL: nats.url, CA_DIR: caDir };
    const start = async (name: ServiceName, env: Record<string, string>): Promise<ServiceHandle> => {
      log(`starting ${name}`);
      const handle = await startService(name, env);
      services.set(name, handle);
      return handle;
    };
    const inventory = await start('inventory', { NATS_URL: nats.url, API_HOST: '127.0.0.1', ...vcEnv('PREM', pair.prem), ...vcEnv('CLOUD', pair.cloud) });
    const esxi = await start('prem-esxi-manager', { ...common, BLOCK_HOST: '127.0.0.1', SOURCE_ROOTS: sourceVolumes });
    const cloud = await start('cloud-manager', { ...common, INTERCONNECT_HOST: '127.0.0.1', TARGET_ROOT: targetVolumes, STATE_DIR: join(dir, 'cloud-state') });
    const prem = await start('prem-manager', { ...common, CONTROL_HOST: '127.0.0.1', DATA_DIR: join(dir, 'prem-data') });
    // guest-prep fixes up the replica: it mounts the flat extents the appliance names under TARGET_VOLUMES.
    await start('guest-prep', { ...common });
    const appliance = await start('appliance', {
      NATS_URL: nats.url, API_HOST: '127.0.0.1', INVENTORY_API_URL: `127.0.0.1:${inventory.ports.API_PORT}`, CA_DIR: caDir,
      ...vcEnv('PREM', pair.prem), ...vcEnv('CLOUD', pair.cloud),
      SHIPPER_URL: `127.0.0.1:${prem.ports.CONTROL_PORT}`, BLOCK_SOURCE_URL: `127.0.0.1:${esxi.ports.BLOCK_READ_PORT}`, RECEIVER_URL: `127.0.0.1:${cloud.ports.INTERCONNECT_PORT}`,
      SOURCE_VOLUMES: sourceVolumes, TARGET_VOLUMES: targetVolumes, GUEST_SHUTDOWN_TIMEOUT_MS: '2000', COPY_POLL_MS: '200',
    });
    await start('cloud-cache', { NATS_URL: nats.url, CACHE_DIR: join(dir, 'cache') });
    const premVc = await VsphereClient.connect({ url: pair.prem.sdkUrl, username: pair.prem.username, password: pair.prem.password, tls: { thumbprint: pair.prem.thumbprint } });
    return { dir, nats, pair, services, premVc, appliance: `127.0.0.1:${appliance.ports.API_PORT}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
