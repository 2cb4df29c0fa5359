// ReplayAudit and ExportAudit: the audit replay and the event export over the integrator API.
import { formatFinding, JetStreamEventStore, verifyAudit, type EventStore } from '@ferry/event-store';
import { IllegalStateError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { replayAudit } from './replay';

import api = ferry.api.v1;

const ts = (unixMillis: number): ferry.common.v1.ITimestamp | null => (unixMillis > 0 ? { unixMillis } : null);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export async function replayAuditView(store: EventStore, request: api.IReplayAuditRequest): Promise<api.IReplayAuditResponse> {
  const untilSequence = Number(request.untilSequence ?? 0);
  const untilMillis = Number(request.untilTime?.unixMillis ?? 0);
  const { aggregates, lastSequence } = await replayAudit(store, {
    ...(untilSequence > 0 ? { untilSequence } : {}),
    ...(untilMillis > 0 ? { untilMillis } : {}),
    ...(request.aggregateId ? { aggregateId: request.aggregateId } : {}),
  });
  return {
    lastSequence,
    aggregates: aggregates.map((a) => ({
      aggregate: a.aggregate, id: a.id, version: a.version, events: a.events, lastEventType: a.lastEventType, lastEventAt: ts(a.lastEventAt), summary: a.summary,
      stateJson: a.state === undefined ? '' : JSON.stringify(a.state),
    })),
  };
}

/** Streams every stored event after `after_sequence` (of one aggregate when named), oldest first. */
export async function exportAudit(store: EventStore, request: api.IExportAuditRequest, send: (event: api.IAuditEvent) => void, signal: AbortSignal): Promise<void> {
  const after = Number(request.afterSequence ?? 0);
  for await (const batch of store.replayAll()) {
    if (signal.aborted) return;
    if (batch.sequence <= after || (request.aggregateId && batch.id !== request.aggregateId)) continue;
    for (const e of batch.events) {
      send({
        sequence: e.sequence, index: e.index, aggregate: e.aggregate, id: e.id, typeName: e.type, actor: e.actor, commandId: e.commandId, traceId: e.traceId,
        occurredAt: ts(e.occurredAt.getTime()), previousHash: hex(e.prevHash), hash: hex(e.hash), payload: e.payload,
      });
    }
  }
}

/** The audit chain's check, as ferry audit verify makes it, over the API. */
export async function auditStatus(store: EventStore, now: () => number = Date.now): Promise<api.IAuditStatus> {
  if (!(store instanceof JetStreamEventStore)) throw new IllegalStateError('this appliance keeps its events in a store without an audit chain to check');
  const report = await verifyAudit(store);
  return {
    intact: report.intact, stream: report.stream, messages: report.messages, events: report.events, aggregates: report.aggregates, lastSequence: report.lastSequence,
    findings: report.findings.map(formatFinding), checkedAt: { unixMillis: now() },
  };
}
