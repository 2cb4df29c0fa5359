import type { Command } from 'commander';
import { connect } from 'nats';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AUDIT_CHECKPOINT_FILE, DEFAULT_STREAM_NAME, formatFinding, siteAuditSignatures, verifyAudit, type AuditReport } from '@ferry/event-store';
import { natsConnectionOptions, type NatsClientSettings } from '@ferry/service-kit';
import type { CliIo } from '../io';

interface VerifyOptions {
  nats: string;
  natsCredentials?: string;
  natsCa?: string;
  siteCa?: string;
  checkpoint: string[];
  stream: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * `ferry audit verify --nats <url> [--nats-credentials <seed> --nats-ca <ca.crt>] [--site-ca <dir>
 * [--checkpoint <file>...]] [--stream NAME] [--json]`: exit 0 intact, 1 findings, 2 cannot check.
 */
export function registerAuditVerify(audit: Command, io: CliIo): void {
  audit
    .command('verify')
    .description('walk the event stream, recompute every hash and chain, check every batch\'s signature, and name each modified, missing, reordered or unsigned event')
    .requiredOption('--nats <url>', 'NATS server URL, e.g. nats://127.0.0.1:4222')
    .option('--nats-credentials <file>', 'nkey seed file of a NATS identity that may read the store (the auditor\'s); default $FERRY_NATS_CREDENTIALS', process.env.FERRY_NATS_CREDENTIALS)
    .option('--nats-ca <file>', 'site CA certificate nats-server\'s TLS certificate is checked against; default $FERRY_NATS_CA', process.env.FERRY_NATS_CA)
    .option('--site-ca <dir>', 'site CA folder (ca.crt, previous-cas/, distrusted-signers): check that every batch is signed by a key it certified')
    .option('--checkpoint <path>', `a signed checkpoint, or the STATE_DIR of a signing service holding its ${AUDIT_CHECKPOINT_FILE}: report a deleted tail; repeat for each signer`, collect, [])
    .option('--stream <name>', 'event stream name', DEFAULT_STREAM_NAME)
    .option('--json', 'print the full report as JSON')
    .action(async (options: VerifyOptions) => {
      if (options.checkpoint.length > 0 && !options.siteCa) throw new Error('--checkpoint needs --site-ca <dir>: a checkpoint counts only when its signer is certified by the site CA');
      const settings: NatsClientSettings = options.natsCredentials
        ? { url: options.nats, credentialsFile: options.natsCredentials, caFile: options.natsCa ?? '' }
        : { url: options.nats, anonymous: true };
      if (settings.anonymous !== true && settings.caFile === '') throw new Error('--nats-credentials needs --nats-ca <ca.crt>: nats-server is reached over TLS with the site CA');
      const connection = await connect({ ...(await natsConnectionOptions(settings)), name: 'ferry-audit-verify', reconnect: false }).catch((error: Error) => {
        const hint = /authoriz|authenticat|certificate|tls/i.test(error.message) ? 'give --nats-credentials <auditor.nk> and --nats-ca <ca.crt> (docs/security.md)' : 'check --nats and that nats-server runs';
        throw new Error(`cannot connect to NATS at ${options.nats}: ${error.message}; ${hint}`);
      });
      let report: AuditReport;
      try {
        const checkpoints = await Promise.all(options.checkpoint.map(checkpointFile));
        const signatures = options.siteCa ? await siteAuditSignatures(options.siteCa, checkpoints) : undefined;
        report = await verifyAudit(connection, { streamName: options.stream, ...(signatures ? { signatures } : {}) });
      } finally {
        await connection.close();
      }
      if (options.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      else if (report.intact) {
        const signed = report.signatures
          ? `, every batch signed by a trusted key (${report.signatures.signers.map((s) => `${s.name} ${s.keyId}: ${s.batches}`).join(', ') || 'none'}), ${report.signatures.checkpoints} checkpoint(s) matched`
          : '; signatures not checked (give --site-ca)';
        io.out(`intact: ${report.stream} has ${report.messages} messages, ${report.events} events, ${report.aggregates} aggregates, chains verified to seq ${report.lastSequence}${signed}\n`);
      } else {
        for (const finding of report.findings) io.out(`${formatFinding(finding)}\n`);
        io.err(`${report.findings.length} finding(s) in ${report.stream} (${report.messages} messages checked)\n`);
      }
      io.exit(report.intact ? 0 : 1);
    });
}

/** A checkpoint path as given, or the checkpoint file inside a service's state dir. */
async function checkpointFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() ? join(path, AUDIT_CHECKPOINT_FILE) : path;
}
