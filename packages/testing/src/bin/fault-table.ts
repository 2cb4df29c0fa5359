// Prints the fault suite's table from the rows its tests recorded, then one JSON line (last), and
// exits non-zero when a row did not end completed, identical, intact and without duplicates.
// Usage: node packages/testing/dist/src/bin/fault-table.js <rows file> <jest exit code>
import { faultRowsPassed, faultTable, readFaultRows } from '../fault-report';

const [file, jestExit] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: fault-table <rows file> [jest exit code]\n');
  process.exit(2);
}
const rows = readFaultRows(file);
const passed = faultRowsPassed(rows) && (jestExit ?? '0') === '0';
process.stdout.write(`\nFault suite: ${rows.length} injected faults\n${faultTable(rows)}\n`);
process.stdout.write(`${JSON.stringify({ suite: 'faults', passed, jestExit: Number(jestExit ?? 0), rows })}\n`);
process.exit(passed ? 0 : 1);
