/** What the audit found wrong with one event (or one message, eventIndex -1). */
export interface AuditFinding {
  /**
   * modified: content differs from its hash, or the message is not a valid batch for its subject.
   * missing: the event's predecessor is not in the stream (an event was removed before it).
   * reordered: the event chains onto an event that is not its aggregate's latest one before it.
   * unsigned: its batch is signed by no trusted key (no signature, an unknown or untrusted key, or a
   * signature that does not match): written by someone who is not a trusted Ferry service.
   */
  readonly kind: 'modified' | 'missing' | 'reordered' | 'unsigned';
  readonly subject: string;
  /** Stream sequence of the message holding the event. */
  readonly sequence: number;
  /** Position of the event in its message; -1 when the whole message is bad. */
  readonly eventIndex: number;
  readonly detail: string;
}

/** Result of walking the whole stream. */
export interface AuditReport {
  readonly intact: boolean;
  readonly stream: string;
  readonly messages: number;
  readonly events: number;
  readonly aggregates: number;
  readonly lastSequence: number;
  readonly findings: readonly AuditFinding[];
  /** Set when signatures were checked: each trusted key that signed batches, and the checkpoints compared. */
  readonly signatures?: {
    readonly signers: readonly { readonly keyId: string; readonly name: string; readonly batches: number }[];
    readonly checkpoints: number;
  };
}

/** One line per finding, naming subject, sequence and event: what `ferry audit verify` prints. */
export function formatFinding(finding: AuditFinding): string {
  const where = finding.eventIndex >= 0 ? `seq ${finding.sequence} event ${finding.eventIndex}` : `seq ${finding.sequence}`;
  return `${finding.kind} ${finding.subject} ${where}: ${finding.detail}`;
}
