import type { AuditFinding } from './audit-types';
import { checkpointTrust, type SignedCheckpoint } from './signing/checkpoint';
import type { SignerTrust } from './signing/signer-trust';

/** The trust a signature check needs: the keys the site CA vouches for and the checkpoints kept outside the stream. */
export interface AuditSignatureOptions {
  readonly trust: SignerTrust;
  /** Signed checkpoints of the last sequence each signer stored (the appliance's state dir). */
  readonly checkpoints?: readonly SignedCheckpoint[];
}

/**
 * Compares the stream's end with each signed checkpoint: a checkpoint past the last sequence means
 * the tail was deleted (or an old copy of the store put back); a checkpoint whose sequence now holds
 * another batch than the one it signed means the stream was cut and written again. An untrusted checkpoint is
 * itself a finding.
 */
export function tailFindings(stream: string, lastSequence: number, signatureAt: ReadonlyMap<number, string | undefined>, options: AuditSignatureOptions): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const checkpoint of options.checkpoints ?? []) {
    const at = (detail: string, sequence = checkpoint.lastSequence): AuditFinding => ({ kind: 'missing', subject: stream, sequence, eventIndex: -1, detail });
    if (checkpoint.stream !== stream) continue;
    const trust = checkpointTrust(checkpoint, options.trust);
    if (!trust.trusted) {
      findings.push({ kind: 'unsigned', subject: stream, sequence: checkpoint.lastSequence, eventIndex: -1, detail: `the checkpoint of key ${checkpoint.keyId} is not trusted: ${trust.why}` });
      continue;
    }
    if (checkpoint.lastSequence > lastSequence) {
      const span = checkpoint.lastSequence === lastSequence + 1 ? `sequence ${checkpoint.lastSequence} is` : `sequences ${lastSequence + 1}-${checkpoint.lastSequence} are`;
      findings.push(at(`deleted tail: ${trust.name}'s signed checkpoint of ${checkpoint.writtenAt} records sequence ${checkpoint.lastSequence}, but the stream ends at ${lastSequence}; ${span} gone`, lastSequence + 1));
    } else if (signatureAt.has(checkpoint.lastSequence) && signatureAt.get(checkpoint.lastSequence) !== checkpoint.batchSignature) {
      findings.push(at(`rewritten tail: ${trust.name}'s signed checkpoint of ${checkpoint.writtenAt} records its batch at sequence ${checkpoint.lastSequence}, but that sequence now holds another batch (the stream was cut and written again)`));
    }
  }
  return findings;
}
