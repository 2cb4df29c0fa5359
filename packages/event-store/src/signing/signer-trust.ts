import { X509Certificate, type KeyObject } from 'node:crypto';
import { keyIdOf } from './batch-signature';

/** The subject's OU of a certificate the site CA issued for an event-signing key. */
export const EVENT_SIGNER_UNIT = 'ferry-event-signer';

/** A signer whose certificate chains to a trusted CA. */
export interface TrustedSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  /** The certificate's CN: the service (and host) that holds the key. */
  readonly name: string;
  readonly validFrom: number;
  readonly validTo: number;
}

/** The outcome of looking at one signer certificate. */
export type SignerAdmission = { readonly trusted: true; readonly signer: TrustedSigner } | { readonly trusted: false; readonly keyId: string; readonly why: string };

/**
 * Which event-signing keys a verifier trusts: those with an Ed25519 certificate marked
 * OU=ferry-event-signer issued by one of the given CA certificates (the current site CA, and a
 * previous one while its signatures should still count), minus the key ids distrusted by name.
 */
export class SignerTrust {
  private readonly anchors: X509Certificate[];

  constructor(caCertificatesPem: readonly (string | Buffer)[], private readonly distrusted: ReadonlySet<string> = new Set()) {
    this.anchors = caCertificatesPem.map((pem) => new X509Certificate(pem));
    if (this.anchors.length === 0) throw new Error('SignerTrust needs at least one CA certificate (the site CA\'s ca.crt)');
  }

  /** Checks a signer certificate (DER or PEM) against the anchors. */
  admit(certificate: Buffer | string): SignerAdmission {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certificate);
    } catch (error) {
      return { trusted: false, keyId: '?', why: `its certificate cannot be read (${(error as Error).message})` };
    }
    const keyId = keyIdOf(cert.publicKey);
    const name = /CN=([^\n,]+)/.exec(cert.subject)?.[1] ?? '?';
    if (cert.publicKey.asymmetricKeyType !== 'ed25519') return { trusted: false, keyId, why: `certificate of ${name} holds a ${cert.publicKey.asymmetricKeyType} key, not Ed25519` };
    if (!cert.subject.includes(`OU=${EVENT_SIGNER_UNIT}`)) return { trusted: false, keyId, why: `certificate of ${name} is not an event-signer certificate (OU=${EVENT_SIGNER_UNIT})` };
    if (!this.anchors.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey))) {
      return { trusted: false, keyId, why: `certificate of ${name} (issuer ${cert.issuer.replace(/\n/g, ', ')}) is not issued by a trusted site CA` };
    }
    if (this.distrusted.has(keyId)) return { trusted: false, keyId, why: `key ${keyId} of ${name} is distrusted` };
    return { trusted: true, signer: { keyId, publicKey: cert.publicKey, name, validFrom: Date.parse(cert.validFrom), validTo: Date.parse(cert.validTo) } };
  }
}
