import type { Command } from 'commander';
import { connect } from 'nats';
import { DEFAULT_STREAM_NAME, formatFinding, verifyAudit, type AuditReport } from '@ferry/event-store';
import type { CliIo } from '../io';

/** `ferry audit verify --nats <url> [--stream NAME] [--json]`: exit 0 intact, 1 findings, 2 cannot check. */
export function registerAuditVerify(audit: Command, io: CliIo): void {
  audit
    .command('verify')
    .description('walk the event stream, recompute every hash and chain, and name each modified, missing or reordered event')
    .requiredOption('--nats <url>', 'NATS server URL, e.g. nats://127.0.0.1:4222')
    .option('--stream <name>', 'event stream name', DEFAULT_STREAM_NAME)
    .option('--json', 'print the full report as JSON')
    .action(async (options: { nats: string; stream: string; json?: boolean }) => {
      let report: AuditReport;
      const connection = await connect({ servers: options.nats, name: 'ferry-audit-verify', reconnect: false }).catch((error: Error) => {
        throw new Error(`cannot connect to NATS at ${options.nats}: ${error.message}; check --nats and that nats-server runs`);
      });
      try {
        report = await verifyAudit(connection, { streamName: options.stream });
      } finally {
        await connection.close();
      }
      if (options.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      else if (report.intact) {
        io.out(`intact: ${report.stream} has ${report.messages} messages, ${report.events} events, ${report.aggregates} aggregates, chains verified to seq ${report.lastSequence}\n`);
      } else {
        for (const finding of report.findings) io.out(`${formatFinding(finding)}\n`);
        io.err(`${report.findings.length} finding(s) in ${report.stream} (${report.messages} messages checked)\n`);
      }
      io.exit(report.intact ? 0 : 1);
    });
}
