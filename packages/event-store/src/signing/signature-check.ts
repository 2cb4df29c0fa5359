import type { AuditFinding } from '../audit-types';
import type { RecordedEvent } from '../types';
import { batchSignatureValid, SIGNATURE_HEADER, SIGNER_CERTIFICATE_HEADER, SIGNER_HEADER } from './batch-signature';
import type { SignerTrust, TrustedSigner } from './signer-trust';

/** One stored message as the signature check needs it. */
export interface SignedMessage {
  readonly subject: string;
  readonly sequence: number;
  readonly data: Uint8Array;
  readonly header: (name: string) => string | undefined;
  /** Its decoded events (for the finding per event); empty when it did not decode. */
  readonly events: readonly RecordedEvent[];
}

/**
 * Walks the stream's signatures in order: learns each signer from the certificate on its first
 * batch, and reports every event whose batch carries no signature, a signature by a key the site CA
 * does not vouch for (or that is distrusted), or a signature that does not match the stored bytes.
 */
export class SignatureCheck {
  private readonly trusted = new Map<string, TrustedSigner>();
  private readonly untrusted = new Map<string, string>();
  /** Batches each trusted key signed. */
  readonly signedBy = new Map<string, { name: string; batches: number }>();

  constructor(private readonly trust: SignerTrust) {}

  check(message: SignedMessage): AuditFinding[] {
    const certificate = message.header(SIGNER_CERTIFICATE_HEADER);
    if (certificate !== undefined) this.learn(certificate);
    const keyId = message.header(SIGNER_HEADER);
    const signature = message.header(SIGNATURE_HEADER);
    const why = this.problem(message, keyId, signature);
    if (why === undefined) {
      const signer = this.trusted.get(keyId ?? '')!;
      const tally = this.signedBy.get(signer.keyId) ?? { name: signer.name, batches: 0 };
      tally.batches++;
      this.signedBy.set(signer.keyId, tally);
      return [];
    }
    const where = { subject: message.subject, sequence: message.sequence };
    if (message.events.length === 0) return [{ kind: 'unsigned', ...where, eventIndex: -1, detail: `signed by no trusted key: ${why}` }];
    return message.events.map((event) => ({ kind: 'unsigned', ...where, eventIndex: event.index, detail: `${event.type} (actor ${event.actor || '?'}) is signed by no trusted key: ${why}` }));
  }

  private learn(certificate: string): void {
    const admission = this.trust.admit(Buffer.from(certificate, 'base64'));
    if (admission.trusted) this.trusted.set(admission.signer.keyId, admission.signer);
    else if (!this.trusted.has(admission.keyId)) this.untrusted.set(admission.keyId, admission.why);
  }

  private problem(message: SignedMessage, keyId: string | undefined, signature: string | undefined): string | undefined {
    if (keyId === undefined || signature === undefined) return 'the batch carries no signature';
    const signer = this.trusted.get(keyId);
    if (!signer) return this.untrusted.get(keyId) ?? `key ${keyId} was never introduced by a certificate earlier in the stream`;
    if (!batchSignatureValid(signer.publicKey, message.subject, message.data, signature)) return `the signature of key ${keyId} (${signer.name}) does not match the stored batch`;
    const at = message.events[0]?.occurredAt.getTime();
    if (at !== undefined && (at < signer.validFrom || at > signer.validTo)) {
      return `key ${keyId} (${signer.name}) signed it at ${new Date(at).toISOString()}, outside its certificate's validity`;
    }
    return undefined;
  }
}
