import { Agent } from 'node:https';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { CertificateMismatchError, CertificateUntrustedError } from './errors';

/**
 * How the client trusts the vCenter certificate. Exactly one of: a pinned thumbprint
 * (SHA-1 or SHA-256, hex with or without colons), a CA bundle (PEM), or `insecure: true`
 * which skips verification and logs a warning (tests against throwaway simulators only).
 */
export interface TlsTrust {
  thumbprint?: string;
  ca?: string;
  insecure?: boolean;
}

/** Normalises a thumbprint to upper-case colon-separated hex. */
export function normalizeThumbprint(value: string): string {
  const hex = value.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

function peerThumbprint(socket: TLSSocket, length: number): string {
  const cert = socket.getPeerCertificate();
  return length === 32 ? cert.fingerprint256 : cert.fingerprint;
}

/** An HTTPS agent (keep-alive) that enforces the trust setting before any request byte is sent. */
export function trustingAgent(server: string, trust: TlsTrust, warn: (msg: string) => void): Agent {
  const modes = [trust.thumbprint !== undefined, trust.ca !== undefined, trust.insecure === true].filter(Boolean).length;
  if (modes !== 1) {
    throw new Error(`vCenter ${server}: TLS trust needs exactly one of thumbprint, ca or insecure (got ${modes}); pin the thumbprint the vCenter shows`);
  }
  if (trust.insecure) {
    warn(`vCenter ${server}: TLS certificate verification is DISABLED (insecure flag); anyone on the path can read the credentials`);
    return new Agent({ keepAlive: true, rejectUnauthorized: false });
  }
  if (trust.ca !== undefined) {
    return new PinningAgent(server, { ca: trust.ca, rejectUnauthorized: false }, (socket) => {
      if (socket.authorized) return undefined;
      return new CertificateUntrustedError(server, String(socket.authorizationError), socket.getPeerCertificate().fingerprint);
    });
  }
  const expected = normalizeThumbprint(trust.thumbprint ?? '');
  const bytes = expected.split(':').length;
  if (bytes !== 20 && bytes !== 32) {
    throw new Error(`vCenter ${server}: thumbprint "${trust.thumbprint}" is neither SHA-1 (20 bytes) nor SHA-256 (32 bytes)`);
  }
  return new PinningAgent(server, { rejectUnauthorized: false }, (socket) => {
    const actual = peerThumbprint(socket, bytes);
    return actual === expected ? undefined : new CertificateMismatchError(server, expected, actual);
  });
}

type Verify = (socket: TLSSocket) => Error | undefined;

/**
 * Hands a socket to the request only after the handshake finished and `verify` accepted the
 * peer certificate, so credentials never reach an unverified server.
 */
class PinningAgent extends Agent {
  constructor(private readonly server: string, private readonly tlsOptions: ConnectionOptions, private readonly verify: Verify) {
    super({ keepAlive: true });
  }

  override createConnection(options: ConnectionOptions, callback: (err: Error | null, socket?: Duplex) => void): Duplex | undefined {
    const socket = connect({ ...options, ...this.tlsOptions });
    const onError = (err: Error): void => callback(err);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.removeListener('error', onError);
      const failure = this.verify(socket);
      if (failure) {
        socket.destroy();
        callback(failure);
        return;
      }
      callback(null, socket);
    });
    return undefined;
  }
}
