import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { IllegalStateError } from '@ferry/errors';
import { keyIdOf, signBatch, SIGNATURE_HEADER, SIGNER_CERTIFICATE_HEADER, SIGNER_HEADER } from './batch-signature';
import { signCheckpoint, writeCheckpoint } from './checkpoint';

/** An event-signing identity: the Ed25519 key and the site CA's certificate for it (PEM). */
export interface SigningIdentity {
  readonly privateKeyPem: string | Buffer;
  readonly certificatePem: string | Buffer;
}

/**
 * Signs every batch a store appends and keeps the signed checkpoint of the last sequence it stored.
 * The certificate travels on the batches until one of them is stored, so the stream introduces the
 * key to a verifier before any batch that relies on it.
 */
export class EventSigner {
  readonly keyId: string;
  readonly name: string;
  private readonly privateKey: KeyObject;
  private readonly certificate: string;
  private introduced = false;
  private highest = 0;
  private highestSignature = '';
  private written = 0;
  private stream = '';
  private writing: Promise<void> | undefined;

  constructor(identity: SigningIdentity, private readonly checkpointFile?: string) {
    this.privateKey = createPrivateKey(identity.privateKeyPem);
    const cert = new X509Certificate(identity.certificatePem);
    if (!cert.checkPrivateKey(this.privateKey)) throw new IllegalStateError('the event-signing certificate is not for the event-signing key; remove both files and start again to issue a new pair');
    this.keyId = keyIdOf(cert.publicKey);
    this.name = /CN=([^\n,]+)/.exec(cert.subject)?.[1] ?? '?';
    this.certificate = cert.raw.toString('base64');
  }

  /** The headers that sign `data` stored on `subject`, and the signature (for stored()). */
  sign(subject: string, data: Uint8Array): { headers: [string, string][]; signature: string } {
    const signature = signBatch(this.privateKey, subject, data);
    const headers: [string, string][] = [[SIGNER_HEADER, this.keyId], [SIGNATURE_HEADER, signature]];
    if (!this.introduced) headers.push([SIGNER_CERTIFICATE_HEADER, this.certificate]);
    return { headers, signature };
  }

  /**
   * Called once the stream stored a batch this signer signed. The checkpoint is written behind the
   * append (one write at a time, always the highest sequence, never one the stream has not acknowledged):
   * awaiting a file write in every append tripled its time. A crash can leave the checkpoint a few
   * sequences behind, which only narrows what it proves.
   */
  stored(stream: string, sequence: number, signature: string): void {
    this.introduced = true;
    // A sequence at or below one already stored means the stream was rolled back under us: the
    // checkpoint keeps the higher number, so verification reports the lost tail.
    if (sequence <= this.highest || this.checkpointFile === undefined) return;
    this.highest = sequence;
    this.highestSignature = signature;
    this.stream = stream;
    if (!this.writing) this.writing = this.writeCheckpoints(this.checkpointFile);
  }

  /** Resolves once the checkpoint names every sequence stored so far (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeCheckpoints(file: string): Promise<void> {
    try {
      while (this.written < this.highest) {
        const lastSequence = this.highest;
        const fields = { stream: this.stream, lastSequence, batchSignature: this.highestSignature, keyId: this.keyId, certificate: this.certificate, writtenAt: new Date().toISOString() };
        try {
          await writeCheckpoint(file, signCheckpoint(this.privateKey, fields));
        } catch (error) {
          process.emitWarning(`cannot write the signed audit checkpoint ${file} (${(error as Error).message}); a deleted tail of the event stream goes unnoticed until it is written`);
          return;
        }
        this.written = lastSequence;
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** The highest sequence this signer stored (or its checkpoint recorded before a restart). */
  get lastStored(): number {
    return this.highest;
  }

  /** Continues from a checkpoint this key wrote before a restart. */
  resumeFrom(lastSequence: number): void {
    this.highest = Math.max(this.highest, lastSequence);
    this.written = Math.max(this.written, lastSequence);
  }
}
