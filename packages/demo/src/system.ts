import { startNats, startService, startVcsimPair, type NatsHandle, type ServiceHandle, type VcsimPair } from '@ferry/testing';

/** The seven services, in the order the design lists them. */
export const SERVICE_NAMES = ['appliance', 'inventory', 'guest-prep', 'prem-esxi-manager', 'prem-manager', 'cloud-manager', 'cloud-cache'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Everything running on loopback for one demo or end-to-end test. */
export interface System {
  nats: NatsHandle;
  /** Both simulated vCenters, or why they could not start. */
  vcenters: VcsimPair | { pending: string };
  services: Map<ServiceName, ServiceHandle>;
  stop(): Promise<void>;
}

/** The environment every service gets: NATS and, when they run, both vCenters' endpoints and credentials. */
export function sharedEnv(nats: NatsHandle, vcenters: System['vcenters']): Record<string, string> {
  const env: Record<string, string> = { NATS_URL: nats.url };
  if ('prem' in vcenters) {
    for (const [role, vc] of [['PREM', vcenters.prem], ['CLOUD', vcenters.cloud]] as const) {
      env[`${role}_VCENTER_URL`] = vc.sdkUrl;
      env[`${role}_VCENTER_USERNAME`] = vc.username;
      env[`${role}_VCENTER_PASSWORD`] = vc.password;
      env[`${role}_VCENTER_THUMBPRINT`] = vc.thumbprint;
    }
  }
  return env;
}

/**
 * Starts nats-server, both vCenters and all seven built services, each on free loopback ports.
 * Whatever started is stopped again if a later step fails.
 */
export async function startSystem(options: { log?: (line: string) => void; env?: Record<string, string>; vcenters?: boolean } = {}): Promise<System> {
  const log = options.log ?? (() => undefined);
  const started: { stop(): Promise<unknown> }[] = [];
  const stopAll = async (): Promise<void> => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    log('starting nats-server (JetStream)');
    const nats = await startNats();
    started.push(nats);
    let vcenters: System['vcenters'] = { pending: 'not asked for' };
    if (options.vcenters ?? true) {
      log('starting the prem and cloud vCenters (vcsim)');
      try {
        vcenters = await startVcsimPair();
        started.push(vcenters);
      } catch (error) {
        vcenters = { pending: (error as Error).message.split('\n')[0] ?? 'vcsim failed to start' };
      }
    }
    log(`starting ${SERVICE_NAMES.length} services`);
    const env = { ...sharedEnv(nats, vcenters), ...options.env };
    const handles = await Promise.all(SERVICE_NAMES.map(async (name) => {
      const handle = await startService(name, env);
      started.push(handle);
      return [name, handle] as const;
    }));
    return { nats, vcenters, services: new Map(handles), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
