// `ferry audit status` (GetAuditStatus), `ferry audit replay [--until <seq|time>] [--aggregate <id>]`: every aggregate rebuilt from the events
// alone as of that point (ReplayAudit), and `ferry audit export [--after <seq>] [--aggregate <id>]`:
// every event with its hash chain as JSON Lines for an external auditor (ExportAudit).
import { InvalidArgumentError, type Command } from 'commander';
import type { Client } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { connect } from '../api/connection';
import { EXIT, reportCallError, withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import { isoTime, table } from '../api/format';
import { followStream } from '../api/watch-stream';
import type { CliIo } from '../io';

import api = ferry.api.v1;

/** "1234" → a stream sequence; an ISO time → Unix ms; anything else is a usage error. */
export function parseUntil(value: string): { untilSequence?: number; untilTime?: { unixMillis: number } } {
  if (/^\d+$/.test(value)) return { untilSequence: Number(value) };
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) throw new InvalidArgumentError(`"${value}" is neither a stream sequence (ferry events shows them) nor a time such as 2026-12-04T10:00:00Z`);
  return { untilTime: { unixMillis: millis } };
}

function sequence(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a stream sequence`);
  return Number(value);
}

/** Streams ExportAudit as JSON Lines (payload in base64) to `io.out`; resolves with the count. */
async function exportLines(client: Client, request: api.IExportAuditRequest, io: CliIo): Promise<number> {
  let count = 0;
  await followStream<api.IExportAuditRequest, api.AuditEvent>(client, 'ExportAudit', request, (event) => {
    count++;
    const { payload, ...rest } = api.AuditEvent.toObject(event, { longs: Number, defaults: true }) as Record<string, unknown> & { payload?: Uint8Array };
    io.out(`${JSON.stringify({ ...rest, payload: Buffer.from(payload ?? new Uint8Array()).toString('base64') })}\n`);
  });
  return count;
}

export function registerAuditReplay(audit: Command, io: CliIo): void {
  withApiOptions(audit.command('status').description("the appliance checks the event stream's hash chains (GetAuditStatus); exit 0 intact, 1 findings")).action((options: ApiOptions) =>
    withAppliance(
      io,
      options,
      (call) => call<api.IGetAuditStatusRequest, api.AuditStatus>('GetAuditStatus', {}),
      (s) => (s.intact ? `intact: ${s.stream} has ${Number(s.messages)} messages, ${Number(s.events)} events, ${Number(s.aggregates)} aggregates, chains verified to seq ${Number(s.lastSequence)}\n` : `${s.findings.join('\n')}\n${s.findings.length} finding(s) in ${s.stream}\n`),
      (s) => (s.intact ? EXIT.ok : EXIT.refused),
    ),
  );
  withApiOptions(
    audit
      .command('replay')
      .description('rebuild every migration, plan and preparation from the events alone, as of a sequence or a time, and print them')
      .option('--until <seq|time>', 'the last stream sequence or time included (default: the end)', parseUntil)
      .option('--aggregate <id>', 'only this migration, plan or preparation id'),
  ).action((options: ApiOptions & { until?: ReturnType<typeof parseUntil>; aggregate?: string }) =>
    withAppliance(
      io,
      options,
      (call) => call<api.IReplayAuditRequest, api.ReplayAuditResponse>('ReplayAudit', { ...(options.until ?? {}), aggregateId: options.aggregate ?? '' }),
      (reply) =>
        `replayed to sequence ${Number(reply.lastSequence)}\n` +
        table(['AGGREGATE', 'ID', 'VERSION', 'EVENTS', 'LAST EVENT', 'AT', 'STATE'], reply.aggregates.map((a) => [a.aggregate, a.id, String(Number(a.version)), String(a.events), a.lastEventType, isoTime(a.lastEventAt?.unixMillis), a.summary])),
    ),
  );
  withApiOptions(
    audit
      .command('export')
      .description('write every event with its hash chain as JSON Lines (one event a line, payload in base64) for an external auditor')
      .option('--after <seq>', 'only events after this stream sequence', sequence)
      .option('--aggregate <id>', 'only this aggregate id'),
  ).action(async (options: ApiOptions & { after?: number; aggregate?: string }) => {
    const { client, credential } = await connect(options);
    try {
      const count = await exportLines(client, { afterSequence: options.after ?? 0, aggregateId: options.aggregate ?? '' }, io);
      io.err(`exported ${count} event(s)\n`);
      io.exit(EXIT.ok);
    } catch (error) {
      reportCallError(io, options, client, error, credential);
    } finally {
      client.close();
    }
  });
}
