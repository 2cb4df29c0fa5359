import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IllegalStateError } from '@ferry/errors';

const run = promisify(execFile);

/** PEM material a service needs for mutual TLS with its peers. */
export interface TlsMaterial {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (cause) {
    throw new IllegalStateError(`openssl ${args[0]} failed (${String(cause)}); install Debian's openssl package`, { cause });
  }
}

/** Runs `body` while holding a directory lock (mkdir is atomic), so services starting together make one CA. */
export async function withDirLock<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const lock = join(dir, '.lock');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 60_000) await rm(lock, { recursive: true, force: true }); // a holder killed with -9 left it behind
      if (Date.now() > deadline) throw new IllegalStateError(`site CA directory ${dir} stays locked by ${lock}; remove it if no service is starting`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await body();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * Makes sure `dir` holds the site CA (ca.key, ca.crt: EC P-256, 10 years), creating it on first
 * start. node:crypto cannot make X.509 certificates, so Debian's openssl CLI does it.
 */
export async function ensureSiteCa(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await withDirLock(dir, async () => {
    if (await exists(join(dir, 'ca.crt'))) return;
    const tmpKey = join(dir, 'ca.key.tmp');
    const tmpCrt = join(dir, 'ca.crt.tmp');
    await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', tmpKey]);
    await openssl(['req', '-x509', '-new', '-key', tmpKey, '-sha256', '-days', '3650', '-subj', '/O=Ferry/CN=Ferry site CA', '-out', tmpCrt]);
    await rename(tmpKey, join(dir, 'ca.key'));
    await rename(tmpCrt, join(dir, 'ca.crt')); // last: its presence means the CA is complete
  });
}

/** A subjectAltName entry: an IP address as IP:, anything else as DNS:. */
function sanOf(name: string): string {
  return /^[\d.]+$/.test(name) || name.includes(':') ? `IP:${name}` : `DNS:${name}`;
}

/**
 * Returns the CA certificate and a leaf certificate for `name` (server and client use, SAN
 * localhost/127.0.0.1/name and `altNames`), issuing the leaf from the site CA on first use (a leaf
 * issued before keeps its names: delete <name>.crt to issue it again).
 */
export async function issueLeaf(dir: string, name: string, altNames: readonly string[] = []): Promise<TlsMaterial> {
  await ensureSiteCa(dir);
  const keyPath = join(dir, `${name}.key`);
  const crtPath = join(dir, `${name}.crt`);
  await withDirLock(dir, async () => {
    if (await exists(crtPath)) return;
    const csr = join(dir, `${name}.csr.tmp`);
    const ext = join(dir, `${name}.ext.tmp`);
    await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyPath]);
    await openssl(['req', '-new', '-key', keyPath, '-subj', `/O=Ferry/CN=${name}`, '-out', csr]);
    const sans = [...new Set(['DNS:localhost', `DNS:${name}`, 'IP:127.0.0.1', ...altNames.map(sanOf)])];
    await writeFile(ext, `subjectAltName=${sans.join(',')}\nextendedKeyUsage=serverAuth,clientAuth\n`);
    const tmpCrt = `${crtPath}.tmp`;
    await openssl(['x509', '-req', '-in', csr, '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial', '-days', '825', '-sha256', '-extfile', ext, '-out', tmpCrt]);
    await rename(tmpCrt, crtPath);
    await rm(csr, { force: true });
    await rm(ext, { force: true });
  });
  const [ca, cert, key] = await Promise.all([readFile(join(dir, 'ca.crt')), readFile(crtPath), readFile(keyPath)]);
  return { ca, cert, key };
}
