// The loopback installation the cold-migration demo runs on: the harness's whole Ferry site
// (nats-server, a prem and a cloud vcsim, the seven services wired to each other on free loopback
// ports) plus a session on the prem vCenter to make the demo's source VM.
import { startFerrySite, type FerrySite } from '@ferry/testing';
import { VsphereClient } from '@ferry/vsphere';

/** Everything the demo started; stop() ends it all and removes the temp folder. */
export interface DemoEnvironment extends FerrySite {
  readonly premVc: VsphereClient;
  /** host:port of the appliance's integrator API. */
  readonly appliance: string;
}

export async function startDemoEnvironment(log: (line: string) => void): Promise<DemoEnvironment> {
  const site = await startFerrySite({ log, tempPrefix: 'ferry-demo-', env: { appliance: { GUEST_SHUTDOWN_TIMEOUT_MS: '2000', COPY_POLL_MS: '200' } } });
  try {
    const { prem } = site.pair;
    const premVc = await VsphereClient.connect({ url: prem.sdkUrl, username: prem.username, password: prem.password, tls: { thumbprint: prem.thumbprint } });
    return {
      ...site,
      premVc,
      appliance: `127.0.0.1:${site.service('appliance').ports.API_PORT}`,
      async stop() {
        await premVc.logout().catch(() => undefined);
        await site.stop();
      },
    };
  } catch (error) {
    await site.stop();
    throw error;
  }
}
