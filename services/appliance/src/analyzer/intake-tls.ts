// The analyzer intake's transport: HTTPS with the appliance's certificate from the site CA, and a client
// certificate from the same CA required in the handshake (mutual TLS, as on the data plane). A client
// without one, with one from another CA, or speaking plain HTTP never has a byte of its push read;
// each such refusal is logged naming the peer, at most once a minute per address so a flood cannot fill
// the log.
import type { Socket } from 'node:net';
import type { Server, TLSSocket } from 'node:tls';
import type { ServerOptions } from 'node:https';
import type { TlsMaterial } from '@ferry/block-pipeline';

/** How long refusals of one address are counted before they are logged again. */
const REFUSAL_LOG_EVERY_MS = 60_000;
/** Addresses whose refusals are remembered at once; past it the oldest is forgotten. */
const REFUSAL_LOG_MAX_PEERS = 1000;

/** A handshake not done by then is dropped, so a silent peer cannot hold a connection. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** The https server options of mutual TLS with the site CA: only a certificate it issued is admitted. */
export function intakeTlsOptions(tls: TlsMaterial): ServerOptions {
  return { ca: tls.ca, cert: tls.cert, key: tls.key, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2', handshakeTimeout: HANDSHAKE_TIMEOUT_MS };
}

/** Why a handshake failed, in words an operator can act on. */
function reasonOf(error: Error & { code?: string }, authorizationError: string | undefined): string {
  // Node checks the client's certificate itself once the handshake is done, and on failure drops the
  // socket with only the verification code left on it (the error is then a plain hang-up).
  if (authorizationError) return `its certificate was not issued by the site CA (${authorizationError}); give it a certificate from this site's CA_DIR`;
  if (error.code === 'ERR_SSL_HTTP_REQUEST' || /http request/i.test(error.message)) return 'it spoke plain HTTP; push to https:// with the service certificate from the site CA';
  if (/peer did not return a certificate|certificate required/i.test(error.message)) return 'it sent no client certificate; cloud-cache presents its certificate from the site CA (CA_DIR)';
  return `${error.message}; the intake admits only clients with a certificate from the site CA`;
}

/** The TLS socket of a refused handshake, and the TCP socket under it. */
type RefusedSocket = TLSSocket & { readonly _parent?: { readonly remoteAddress?: string; readonly remotePort?: number } };

/**
 * The peer's address: a socket Node dropped after checking the certificate has lost it, but the TCP
 * socket it wrapped (node's `_parent`, not public: without it the peer is logged as unknown) keeps the
 * address it was asked for at connect (logRefusedHandshakes).
 */
function peerOf(socket: RefusedSocket): { address: string; port: number } {
  const address = socket.remoteAddress ?? socket._parent?.remoteAddress;
  const port = socket.remotePort ?? socket._parent?.remotePort;
  return { address: address ?? 'unknown', port: port ?? 0 };
}

/**
 * Logs refused handshakes (the server's 'tlsClientError'): the first of an address at once, then at
 * most one line per REFUSAL_LOG_EVERY_MS with how many were refused meanwhile.
 */
export function refusedHandshakeLogger(log: (line: string) => void, clock: () => number = Date.now): (error: Error, socket: TLSSocket) => void {
  const seen = new Map<string, { loggedAt: number; quiet: number }>();
  return (error, socket) => {
    const { address, port } = peerOf(socket);
    const now = clock();
    const last = seen.get(address);
    if (last && now - last.loggedAt < REFUSAL_LOG_EVERY_MS) {
      last.quiet++;
      return;
    }
    const more = last && last.quiet > 0 ? ` (and ${last.quiet} more refused from ${address} since the last line)` : '';
    seen.delete(address);
    seen.set(address, { loggedAt: now, quiet: 0 });
    if (seen.size > REFUSAL_LOG_MAX_PEERS) seen.delete(seen.keys().next().value as string);
    log(`IO-analyzer intake refused a connection from ${address}:${port} in the TLS handshake: ${reasonOf(error, socket.authorizationError?.toString())}${more}`);
  };
}

/** Logs every handshake `server` refuses (refusedHandshakeLogger), naming the peer. */
export function logRefusedHandshakes(server: Server, log: (line: string) => void): void {
  // Asking a TCP socket its peer once makes it keep the answer after its handle is gone.
  server.on('connection', (socket: Socket) => void socket.remoteAddress);
  server.on('tlsClientError', refusedHandshakeLogger(log));
}
