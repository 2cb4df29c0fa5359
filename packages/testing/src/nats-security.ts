// The TLS and identities of a harness nats-server: the site CA issues the server certificate, each
// identity gets an nkey seed file, and the config file is rendered from service-kit's permission
// table, exactly as a site's nats-server is configured (docs/security.md).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'nats';
import { issueLeaf } from '@ferry/block-pipeline';
import { ensureNatsCredentials, NATS_IDENTITIES, natsConnectionOptions, renderNatsServerConfig, seedFileName, type NatsClusterSettings, type NatsIdentity } from '@ferry/service-kit';

/** A secured harness server's files. */
export interface NatsSecurity {
  /** Site CA folder (ca.crt, ca.key, nats-server.crt/.key). */
  readonly caDir: string;
  /** The site CA certificate clients check the server against. */
  readonly caFile: string;
  /** The generated nats-server config (rewritten at each launch). */
  readonly configFile: string;
  /** `<identity>.nk` seed files, 0600. */
  readonly credentialsDir: string;
  credentialsFile(identity: NatsIdentity): string;
  /** NATS_CREDENTIALS_FILE and NATS_CA_FILE for a service joining as `identity`. */
  serviceEnv(identity: NatsIdentity): Record<string, string>;
  connectionOptions(identity: NatsIdentity): Promise<ConnectionOptions>;
  /** Writes the config (a cluster node's to a file of its own, next to the others) and returns its path. */
  writeConfig(listen: { host: string; port: number; monitorPort: number; storeDir: string; cluster?: NatsClusterSettings }): Promise<string>;
  /** Removes the temp folder (and the CA, when it was made here). */
  remove(): Promise<void>;
}

/** Creates the CA (when `caDir` is not given, in the temp folder), the server certificate and every identity's seed. */
export async function prepareNatsSecurity(caDir?: string): Promise<NatsSecurity> {
  const root = await mkdtemp(join(tmpdir(), 'ferry-nats-security-'));
  const ca = caDir ?? join(root, 'site-ca');
  await issueLeaf(ca, 'nats-server');
  const credentialsDir = join(root, 'credentials');
  const users = await ensureNatsCredentials(credentialsDir, NATS_IDENTITIES);
  const configFile = join(root, 'nats-server.conf');
  const caFile = join(ca, 'ca.crt');
  const credentialsFile = (identity: NatsIdentity): string => join(credentialsDir, seedFileName(identity));
  return {
    caDir: ca,
    caFile,
    configFile,
    credentialsDir,
    credentialsFile,
    serviceEnv: (identity) => ({ NATS_CREDENTIALS_FILE: credentialsFile(identity), NATS_CA_FILE: caFile }),
    connectionOptions: (identity) => natsConnectionOptions({ url: '', credentialsFile: credentialsFile(identity), caFile }),
    async writeConfig(listen) {
      const tls = { certFile: join(ca, 'nats-server.crt'), keyFile: join(ca, 'nats-server.key'), caFile };
      const file = listen.cluster ? join(root, `nats-server-${listen.cluster.serverName}.conf`) : configFile;
      await writeFile(file, renderNatsServerConfig({ ...listen, tls, users }), { mode: 0o600 });
      return file;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
