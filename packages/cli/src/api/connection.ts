// How the CLI reaches the appliance: TLS trusting the site CA (--ca-file / FERRY_CA_FILE, or the file
// the login used), plaintext only with --insecure, and a bearer credential on every call: --token /
// FERRY_TOKEN (a token or an API key), else the token `ferry login` stored for this appliance.
import { readFileSync } from 'node:fs';
import { credentials, InterceptingCall, Metadata, type ChannelCredentials, type Client, type Interceptor } from '@grpc/grpc-js';
import { grpcClient } from '@ferry/service-kit';
import { loadSession, type Session } from './sessions';

/** The connection options every API command takes. */
export interface ConnectionOptions {
  appliance: string;
  caFile?: string;
  insecure?: boolean;
  token?: string;
}

/** Where the credential of a call comes from, for messages. */
export interface Credential {
  readonly token: string | undefined;
  /** e.g. "the login of operator:alice (expires …)", "FERRY_TOKEN", "no credential". */
  readonly describe: string;
}

export function credentialOf(options: ConnectionOptions, session: Session | undefined): Credential {
  if (options.token) return { token: options.token, describe: 'the credential in --token / FERRY_TOKEN' };
  if (session) return { token: session.token, describe: `the login of ${session.actor} (token expiring ${new Date(session.expiresAt).toISOString()})` };
  return { token: undefined, describe: 'no credential (not logged in)' };
}

function transport(options: ConnectionOptions, session: Session | undefined): ChannelCredentials {
  if (options.insecure) return credentials.createInsecure();
  const caFile = options.caFile ?? session?.caFile;
  let ca: Buffer | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile);
    } catch (error) {
      throw new Error(`--ca-file ${caFile} cannot be read (${(error as Error).message}); give the site CA certificate (CA_DIR/ca.crt on the appliance)`);
    }
  }
  // Without a CA file the system's trusted CAs are used (an operator-provided certificate from a public CA).
  return credentials.createSsl(ca);
}

/** A Ferry API client for `options`, sending `credential` with every call. */
export function applianceClient(options: ConnectionOptions, session: Session | undefined, credential: Credential): Client {
  const base = transport(options, session);
  const token = credential.token;
  if (token === undefined || options.insecure) {
    // grpc-js sends call credentials only over TLS; on a plaintext channel the header goes in an interceptor.
    const channel = token === undefined ? undefined : { interceptors: [bearerInterceptor(token)] };
    return grpcClient('ferry.api.v1.Ferry', options.appliance, { credentials: base, channel });
  }
  const bearer = credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    callback(null, metadata);
  });
  return grpcClient('ferry.api.v1.Ferry', options.appliance, { credentials: credentials.combineChannelCredentials(base, bearer) });
}

function bearerInterceptor(token: string): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}

/** A client of the appliance `options` names, with the credential to use and where it came from. */
export async function connect(options: ConnectionOptions): Promise<{ client: Client; credential: Credential }> {
  const session = options.token ? undefined : await loadSession(options.appliance);
  const credential = credentialOf(options, session);
  return { client: applianceClient(options, session, credential), credential };
}
