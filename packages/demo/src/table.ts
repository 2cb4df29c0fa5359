import { healthy, type ServiceReport } from './checks';

/** Left-aligned text columns; the widest cell sets each column's width. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** The demo's table: one row per service. */
export function reportTable(reports: readonly ServiceReport[]): string {
  const header = ['SERVICE', 'PORTS', 'gRPC HEALTH', 'NATS PING', 'TRACE', 'METRICS', 'OK'];
  const rows = reports.map((r) => [
    r.name,
    Object.entries(r.ports).map(([variable, port]) => `${variable.replace(/_PORT$/, '').toLowerCase()}=${port}`).join(' '),
    r.health,
    r.ping.ok ? `${r.ping.millis.toFixed(1)} ms` : `FAILED: ${r.ping.error}`,
    r.ping.ok ? (r.ping.traceId === r.ping.sentTraceId ? `same ${r.ping.traceId.slice(0, 8)}…` : `LOST (${r.ping.traceId || 'none'})`) : '-',
    `${r.metrics.ok ? 'OK' : 'FAILED'} (${r.metrics.detail})`,
    healthy(r) ? 'yes' : 'NO',
  ]);
  return formatTable([header, ...rows]);
}
