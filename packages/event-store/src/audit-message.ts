import { BATCH_FORMAT, decodeBatch, recomputeHash } from './batch-codec';
import type { AuditFinding } from './audit-types';
import { sameHash, shortHash } from './hashing';
import { parseSubject } from './subjects';
import type { RecordedEvent } from './types';

/** One stream message as the audit sees it. */
export interface RawMessage {
  readonly subject: string;
  readonly sequence: number;
  readonly data: Uint8Array;
  readonly header: (name: string) => string | undefined;
}

/** One event's place in its aggregate's chain, for the chain check. */
export interface ChainLink {
  readonly subject: string;
  readonly sequence: number;
  readonly eventIndex: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** Checks one message on its own: decodes, matches its subject, recomputes every event's hash. */
export function inspectMessage(prefix: string, message: RawMessage): { links: ChainLink[]; findings: AuditFinding[]; events: readonly RecordedEvent[] } {
  const { subject, sequence } = message;
  const bad = (detail: string, eventIndex = -1): AuditFinding => ({ kind: 'modified', subject, sequence, eventIndex, detail });
  const stream = parseSubject(prefix, subject);
  if (!stream) return { links: [], events: [], findings: [bad(`subject is not ${prefix}.<aggregate>.<id>`)] };
  const format = message.header('Ferry-Batch-Format');
  if (format !== undefined && format !== String(BATCH_FORMAT)) {
    return { links: [], events: [], findings: [bad(`batch format ${format} is unknown (this build reads ${BATCH_FORMAT})`)] };
  }
  let events;
  try {
    events = decodeBatch(message.data, sequence, subject, stream).events;
  } catch (error) {
    return { links: [], events: [], findings: [bad(`not a valid EventBatch: ${(error as Error).message}`)] };
  }
  if (events.length === 0) return { links: [], events, findings: [bad('holds no events')] };
  const findings: AuditFinding[] = [];
  const msgId = message.header('Nats-Msg-Id');
  const links: ChainLink[] = [];
  for (const event of events) {
    if (event.aggregate !== stream.aggregate || event.id !== stream.id) {
      findings.push(bad(`event names ${event.aggregate}/${event.id} but sits on the subject of ${stream.aggregate}/${stream.id}`, event.index));
    }
    if (msgId !== undefined && event.commandId !== msgId) {
      findings.push(bad(`event's command id ${event.commandId} differs from the message's Nats-Msg-Id ${msgId}`, event.index));
    }
    const recomputed = recomputeHash(event);
    if (!sameHash(recomputed, event.hash)) {
      findings.push(bad(`${event.type}: content hashes to ${shortHash(recomputed)} but the stored hash is ${shortHash(event.hash)} (payload or metadata altered)`, event.index));
    }
    links.push({ subject, sequence, eventIndex: event.index, prevHash: hex(event.prevHash), hash: hex(event.hash) });
  }
  return { links, findings, events };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
