// The integrator API's transport: TLS with the operator's certificate (API_TLS_CERT_FILE/KEY_FILE) or
// one issued from the site CA, or plaintext only when API_INSECURE says so (logged as a warning).
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ServerCredentials } from '@grpc/grpc-js';
import { issueLeaf } from '@ferry/block-pipeline';
import { IllegalStateError } from '@ferry/errors';
import type { Config } from '../config';

/** The site CA leaf the API serves when the operator gives no certificate. */
export const API_LEAF_NAME = 'appliance-api';

type TlsConfig = Pick<Config, 'apiInsecure' | 'apiTlsCertFile' | 'apiTlsKeyFile' | 'apiTlsNames' | 'caDir'>;

async function readPem(variable: string, file: string): Promise<Buffer> {
  return readFile(file).catch((cause: unknown) => {
    throw new IllegalStateError(`${variable}=${file} cannot be read (${String(cause)}); give a readable PEM file, or leave API_TLS_CERT_FILE and API_TLS_KEY_FILE empty to use a certificate from the site CA`);
  });
}

/** Server credentials of the API and a line saying what they are. */
export async function apiServerCredentials(c: TlsConfig, warn: (line: string) => void): Promise<{ credentials: ServerCredentials; describe: string }> {
  if (c.apiInsecure) {
    warn('API_INSECURE=true: the integrator API is PLAINTEXT — passwords, tokens and API keys cross the network readable by anyone on it; unset API_INSECURE to serve TLS');
    return { credentials: ServerCredentials.createInsecure(), describe: 'plaintext (API_INSECURE)' };
  }
  if (Boolean(c.apiTlsCertFile) !== Boolean(c.apiTlsKeyFile)) {
    throw new IllegalStateError('API_TLS_CERT_FILE and API_TLS_KEY_FILE go together: set both (the operator\'s certificate) or neither (one from the site CA)');
  }
  if (c.apiTlsCertFile) {
    const [cert, key] = await Promise.all([readPem('API_TLS_CERT_FILE', c.apiTlsCertFile), readPem('API_TLS_KEY_FILE', c.apiTlsKeyFile)]);
    return { credentials: ServerCredentials.createSsl(null, [{ cert_chain: cert, private_key: key }], false), describe: `TLS with ${c.apiTlsCertFile}` };
  }
  const names = [hostname(), ...c.apiTlsNames.split(',').map((n) => n.trim()).filter(Boolean)];
  const leaf = await issueLeaf(c.caDir, API_LEAF_NAME, names);
  return { credentials: ServerCredentials.createSsl(null, [{ cert_chain: leaf.cert, private_key: leaf.key }], false), describe: `TLS with ${c.caDir}/${API_LEAF_NAME}.crt from the site CA (clients trust ${c.caDir}/ca.crt)` };
}
