// The appliance's API server code run in the test's own process over a store of the test's choosing
// (an event stream of its own, or a connection through a relay), with the same access control as the
// service: TLS from a site CA, the harness admin bootstrapped from a secret file, an operator and a viewer.
import { join } from 'node:path';
import { applianceAccessEnv, openApiAccessAt, type ApiAccess, type ServiceHandle } from '@ferry/testing';
import { AccessControl, bootstrapAdmin } from '../src/access';
import { apiServerCredentials, startApiServer, type ApiDependencies, type ApiServer } from '../src/api';

export interface LocalApi {
  readonly server: ApiServer;
  readonly access: ApiAccess;
  close(): Promise<void>;
}

/**
 * Serves ferry.api.v1.Ferry from this process on a free port. Over a store of its own, its state and
 * site CA are under `dir` and its admin is bootstrapped there; over the store of a running appliance
 * (`sharing`), it takes that appliance's STATE_DIR and CA_DIR, so the appliance's credentials work.
 */
export async function startLocalApi(deps: Omit<ApiDependencies, 'access' | 'stateDir'>, dir: string, sharing?: { appliance: ServiceHandle; access: ApiAccess }): Promise<LocalApi> {
  const own = sharing ? undefined : await applianceAccessEnv(dir);
  const stateDir = sharing ? sharing.appliance.env['STATE_DIR']! : own!.env['STATE_DIR']!;
  const caDir = sharing ? sharing.appliance.env['CA_DIR']! : join(dir, 'site-ca');
  const quiet = () => undefined;
  const accessControl = await AccessControl.open(deps.store, { stateDir, tokenTtlMs: 3_600_000, refusalFlushMs: 1000, refusalMaxDistinct: 20 });
  if (own) await bootstrapAdmin(accessControl.directory, { stateDir, bootstrapFile: own.env['ADMIN_BOOTSTRAP_FILE']!, bootstrapUser: own.env['ADMIN_BOOTSTRAP_USER']!, clock: Date.now, log: quiet, warn: quiet });
  const tls = await apiServerCredentials({ apiInsecure: false, apiTlsCertFile: '', apiTlsKeyFile: '', apiTlsNames: '', caDir }, quiet);
  const server = await startApiServer({ ...deps, access: accessControl, stateDir }, '127.0.0.1', 0, tls.credentials);
  const address = `127.0.0.1:${server.port}`;
  const access = sharing ? sharing.access.at(address) : await openApiAccessAt(address, caDir, own!.adminPassword);
  return {
    server,
    access,
    async close() {
      await server.close(1000);
      await accessControl.close();
    },
  };
}
