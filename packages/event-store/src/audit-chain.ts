import type { ChainLink } from './audit-message';
import type { AuditFinding } from './audit-types';

/**
 * Checks every aggregate's hash chain over links in stream order: each event must point at the
 * hash of the latest earlier event of its aggregate (nothing for its first). After a finding the
 * chain continues from the offending event, so one tampering is reported once, not at every
 * later event.
 */
export function checkChains(links: readonly ChainLink[]): AuditFinding[] {
  const position = new Map<string, { order: number; link: ChainLink }>();
  links.forEach((link, order) => {
    if (!position.has(link.hash)) position.set(link.hash, { order, link });
  });
  const head = new Map<string, string>();
  const findings: AuditFinding[] = [];
  links.forEach((link, order) => {
    const expected = head.get(link.subject) ?? '';
    head.set(link.subject, link.hash);
    if (link.prevHash === expected) return;
    const finding = (kind: AuditFinding['kind'], detail: string): void => {
      findings.push({ kind, subject: link.subject, sequence: link.sequence, eventIndex: link.eventIndex, detail });
    };
    if (link.prevHash === '') {
      finding('modified', `claims to be the first event of its aggregate, but event ${short(expected)} came before it`);
      return;
    }
    const target = position.get(link.prevHash);
    if (!target) {
      finding('missing', `its predecessor ${short(link.prevHash)} is not in the stream: an event before it was removed (or this event was forged)`);
    } else if (target.link.subject !== link.subject) {
      finding('modified', `chains onto an event of ${target.link.subject} (seq ${target.link.sequence})`);
    } else if (target.order > order) {
      finding('reordered', `its predecessor (seq ${target.link.sequence} event ${target.link.eventIndex}) comes after it in the stream`);
    } else {
      const latest = position.get(expected)?.link;
      const latestText = latest ? `seq ${latest.sequence} event ${latest.eventIndex}` : short(expected);
      finding('reordered', `chains onto seq ${target.link.sequence} event ${target.link.eventIndex}, but the aggregate's latest event before it is ${latestText}`);
    }
  });
  return findings;
}

function short(hash: string): string {
  return hash === '' ? '(none)' : hash.slice(0, 12);
}
