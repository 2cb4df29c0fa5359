// The fault suite's table (`npm run test:faults`): each fault test records one row per fault it
// injected — what happened, whether the migration ended completed (directly or after one retry), the
// replica identical, the audit intact, no event stored twice, and how long recovery took. Rows go as
// JSON lines to the file FERRY_FAULT_REPORT names (set by infra/scripts/test-faults.sh); without it
// (a plain `npm test`) nothing is written and the tests' own assertions are the whole check.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** One injected fault and how the migration came through it. */
export interface FaultRow {
  /** What was done, e.g. "nats-server kill -9 for 10 s mid-copy". */
  readonly fault: string;
  /** How the migration ended: completed by itself, or after one `ferry retry`. */
  readonly outcome: 'completed' | 'completed-after-retry' | 'failed';
  readonly identical: boolean;
  readonly auditIntact: boolean;
  /** Outcomes (commands) stored more than once: 0 when nothing was stored twice. */
  readonly duplicates: number;
  /** Consumers on the event stream after the fault, when the test counted them (bounded: reads leave none behind). */
  readonly consumers?: number;
  /** From the end of the fault (service back, space freed) to the migration's completion, in ms. */
  readonly recoveryMs: number;
  /** What the user saw meanwhile (a waiting reason, a failure reason), if anything. */
  readonly seen?: string;
}

export const FAULT_REPORT_ENV = 'FERRY_FAULT_REPORT';

/** Appends the row to the suite's report, when the suite asked for one. */
export function recordFaultRow(row: FaultRow): void {
  const file = process.env[FAULT_REPORT_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** The rows recorded in `file` so far (an absent file has none). */
export function readFaultRows(file: string): FaultRow[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as FaultRow);
}

const yesNo = (ok: boolean): string => (ok ? 'yes' : 'NO');

/** The table the suite prints: one line per fault, widths fitted to the content. */
export function faultTable(rows: readonly FaultRow[]): string {
  const header = ['fault', 'outcome', 'identical', 'audit', 'duplicates', 'consumers', 'recovery'];
  const lines = rows.map((r) => [r.fault, r.outcome, yesNo(r.identical), r.auditIntact ? 'intact' : 'BROKEN', String(r.duplicates), r.consumers === undefined ? '-' : String(r.consumers), `${(r.recoveryMs / 1000).toFixed(1)} s`]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

/** True when every row ended completed, identical, intact and without duplicates. */
export function faultRowsPassed(rows: readonly FaultRow[]): boolean {
  return rows.length > 0 && rows.every((r) => r.outcome !== 'failed' && r.identical && r.auditIntact && r.duplicates === 0);
}
