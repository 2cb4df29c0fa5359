import { readFile } from 'node:fs/promises';
import { nkeyAuthenticator, type ConnectionOptions } from 'nats';
import { ValidationError } from '@ferry/errors';
import { urlList } from '../../config/fields';
import { readNkeySeed } from './credentials';

/** How a process joins NATS: the server, its identity and the CA it trusts, or an explicitly anonymous bare server. */
export type NatsClientSettings =
  | { readonly url: string; readonly credentialsFile: string; readonly caFile: string; readonly anonymous?: false }
  | { readonly url: string; readonly anonymous: true };

/** The base config fields that name the NATS client settings (see serviceBase). */
export interface NatsConfigFields {
  readonly natsUrl: string;
  readonly natsCredentialsFile: string;
  readonly natsCaFile: string;
  readonly natsAnonymous: boolean;
}

/**
 * Turns a service's config into client settings. Without NATS_ANONYMOUS=true both the credential
 * and the CA are required: a production service never joins NATS without its own identity.
 */
export function natsClientSettings(config: NatsConfigFields): NatsClientSettings {
  if (config.natsAnonymous) return { url: config.natsUrl, anonymous: true };
  const missing = [
    ...(config.natsCredentialsFile === '' ? ['NATS_CREDENTIALS_FILE (this service\'s nkey seed file)'] : []),
    ...(config.natsCaFile === '' ? ['NATS_CA_FILE (the site CA certificate that signed nats-server\'s TLS certificate)'] : []),
  ];
  if (missing.length > 0) {
    throw new ValidationError('environment', `NATS needs ${missing.join(' and ')}: every service joins NATS over TLS with its own identity. Set them (docs/security.md); only a bare test server may be joined with NATS_ANONYMOUS=true`);
  }
  return { url: config.natsUrl, credentialsFile: config.natsCredentialsFile, caFile: config.natsCaFile };
}

/** nats.js connection options for the settings: TLS verified against the site CA and the nkey authenticator. */
export async function natsConnectionOptions(settings: NatsClientSettings): Promise<ConnectionOptions> {
  // NATS_URL may name every node of a cluster (comma-separated): the client picks one and fails over to the others.
  const servers = urlList(settings.url);
  if (settings.anonymous === true) return { servers };
  const seed = await readNkeySeed(settings.credentialsFile, 'NATS_CREDENTIALS_FILE');
  let ca: string;
  try {
    ca = await readFile(settings.caFile, 'utf8');
  } catch (cause) {
    throw new ValidationError('NATS_CA_FILE', `cannot read ${settings.caFile} (${(cause as Error).message}); point NATS_CA_FILE at the site CA certificate (ca.crt in the CA folder)`, { cause });
  }
  return { servers, authenticator: nkeyAuthenticator(seed), tls: { ca } };
}
