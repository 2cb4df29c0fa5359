import { sealBatch } from './batch-codec';
import { checkChains } from './audit-chain';
import { inspectMessage, type ChainLink, type RawMessage } from './audit-message';
import { ferry } from '@ferry/proto';

const ref = { aggregate: 'tally', id: 't1' };
const at = new Date(1_790_000_000_000);
const noHeaders = (): undefined => undefined;

/** Builds n real sealed messages of one aggregate, one event each, chained as the store chains them. */
function history(n: number): RawMessage[] {
  const messages: RawMessage[] = [];
  let prev: Uint8Array = new Uint8Array();
  for (let i = 1; i <= n; i++) {
    const options = { expectedVersion: i - 1, commandId: `c${i}`, actor: 'operator:test', traceId: 't' };
    const sealed = sealBatch(ref, [{ type: 'AmountAdded', payload: Buffer.from([i]) }], options, prev, at);
    messages.push({ subject: 'ferry.evt.tally.t1', sequence: i, data: sealed.bytes, header: noHeaders });
    prev = sealed.lastHash;
  }
  return messages;
}

function audit(messages: RawMessage[]) {
  const links: ChainLink[] = [];
  const findings = messages.flatMap((m) => {
    const inspected = inspectMessage('ferry.evt', m);
    links.push(...inspected.links);
    return inspected.findings;
  });
  return [...findings, ...checkChains(links)].map((f) => [f.kind, f.sequence, f.eventIndex]);
}

describe('audit of one aggregate chain', () => {
  it('finds nothing in an intact history', () => {
    expect(audit(history(4))).toEqual([]);
  });

  it('reports a removed event as missing at the event after the gap', () => {
    const messages = history(4);
    expect(audit([messages[0]!, messages[1]!, messages[3]!])).toEqual([['missing', 4, 0]]);
  });

  it('reports two swapped events as reordered', () => {
    const [a, b, c, d] = history(4);
    expect(audit([a!, c!, b!, d!])).toEqual([
      ['reordered', 3, 0],
      ['reordered', 2, 0],
      ['reordered', 4, 0],
    ]);
  });

  it('reports an event whose payload no longer matches its hash as modified, once', () => {
    const messages = history(3);
    const batch = ferry.eventstore.v1.EventBatch.decode(messages[1]!.data);
    batch.events[0]!.payload = Buffer.from([99]);
    messages[1] = { ...messages[1]!, data: ferry.eventstore.v1.EventBatch.encode(batch).finish() };
    expect(audit(messages)).toEqual([['modified', 2, 0]]);
  });

  it('reports bytes that are not an EventBatch as a modified message', () => {
    const messages = history(1);
    expect(audit([{ ...messages[0]!, data: Buffer.from('not protobuf \xff\xff') }])).toEqual([['modified', 1, -1]]);
  });
});
