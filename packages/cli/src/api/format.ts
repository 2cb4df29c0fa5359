// Plain-text layout for human output.

/** Left-aligned columns separated by two spaces, header first. */
export function table(header: readonly string[], rows: readonly (readonly (string | null | undefined)[])[]): string {
  const cells = rows.map((r) => r.map((c) => c ?? ''));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (row: readonly string[]): string => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}

/** Unix milliseconds as ISO time, '-' for none. */
export function isoTime(unixMillis: number | Long | null | undefined): string {
  const ms = typeof unixMillis === 'object' && unixMillis !== null ? unixMillis.toNumber() : Number(unixMillis ?? 0);
  return ms > 0 ? new Date(ms).toISOString() : '-';
}

/** The protobufjs Long shape (int64 fields decode to it). */
interface Long {
  toNumber(): number;
}
