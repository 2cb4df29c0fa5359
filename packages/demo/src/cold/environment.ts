// The loopback installation the cold-migration demo runs on: the harness's whole Ferry site
// (nats-server, a prem and a cloud vcsim, the seven services wired to each other on free loopback
// ports) plus a session on the prem vCenter to make the demo's source VM, and the demo's operator
// logged in through `ferry login` (its token kept in a config dir of the demo's own).
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ferry as proto } from '@ferry/proto';
import { unaryCall } from '@ferry/service-kit';
import { startFerrySite, type FerrySite } from '@ferry/testing';
import { VsphereClient } from '@ferry/vsphere';
import { ferryShown, useCliEnvironment } from './cli';

import api = proto.api.v1;

/** The demo's operator: a user the site's admin adds, who then logs in with the CLI. */
const DEMO_USER = 'demo';

/** The admin adds the demo operator (password in a 0600 file), and `ferry login` is shown as an operator runs it. */
async function logInDemoOperator(site: FerrySite, log: (line: string) => void): Promise<void> {
  const passwordFile = join(site.dir, 'demo-password');
  const password = randomBytes(18).toString('base64url');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  const admin = site.api.client('admin');
  try {
    await unaryCall<api.ICreateUserRequest, api.IUser>(admin, 'CreateUser', { user: DEMO_USER, password, role: 'operator' });
  } finally {
    admin.close();
  }
  useCliEnvironment({ FERRY_APPLIANCE: site.api.address, FERRY_CA_FILE: site.api.caFile, XDG_CONFIG_HOME: join(site.dir, 'config') });
  log(`the admin added the operator "${DEMO_USER}" (ferry users add ${DEMO_USER} --role operator); the API serves TLS from the site CA ${site.api.caFile}`);
  log(`$ ferry login --user ${DEMO_USER} --password-file ${passwordFile} --appliance ${site.api.address} --ca-file ${site.api.caFile}`);
  const code = await ferryShown('login', '--user', DEMO_USER, '--password-file', passwordFile).exited;
  if (code !== 0) throw new Error(`ferry login as ${DEMO_USER} failed (exit ${code})`);
}

/** Everything the demo started; stop() ends it all and removes the temp folder. */
export interface DemoEnvironment extends FerrySite {
  readonly premVc: VsphereClient;
  /** host:port of the appliance's integrator API. */
  readonly appliance: string;
}

/** `natsNodes`: 1 (a single nats-server) or 3 (a cluster, every stream at R3). */
export async function startDemoEnvironment(log: (line: string) => void, natsNodes = 1): Promise<DemoEnvironment> {
  const site = await startFerrySite({ log, natsNodes, tempPrefix: 'ferry-demo-', env: { appliance: { GUEST_SHUTDOWN_TIMEOUT_MS: '2000', COPY_POLL_MS: '200' } } });
  try {
    const { prem } = site.pair;
    await logInDemoOperator(site, log);
    const premVc = await VsphereClient.connect({ url: prem.sdkUrl, username: prem.username, password: prem.password, tls: { thumbprint: prem.thumbprint } });
    return {
      ...site,
      premVc,
      appliance: site.api.address,
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
