import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULT_REPORT_ENV, faultRowsPassed, faultTable, readFaultRows, recordFaultRow, type FaultRow } from '../src/fault-report';

const ok: FaultRow = { fault: 'nats-server kill -9 for 5 s', outcome: 'completed', identical: true, auditIntact: true, duplicates: 0, recoveryMs: 4200 };

describe('the fault suite report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fault-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('appends rows to the file FERRY_FAULT_REPORT names, and writes nothing without it', () => {
    const file = join(dir, 'rows.jsonl');
    delete process.env[FAULT_REPORT_ENV];
    recordFaultRow(ok);
    expect(readFaultRows(file)).toEqual([]);
    process.env[FAULT_REPORT_ENV] = file;
    try {
      recordFaultRow(ok);
      recordFaultRow({ ...ok, fault: 'a full datastore', outcome: 'completed-after-retry', seen: 'WAITING: no space' });
    } finally {
      delete process.env[FAULT_REPORT_ENV];
    }
    expect(readFaultRows(file).map((r) => [r.fault, r.outcome, r.seen])).toEqual([[ok.fault, 'completed', undefined], ['a full datastore', 'completed-after-retry', 'WAITING: no space']]);
  });

  it('prints one aligned line per fault with the recovery in seconds', () => {
    const lines = faultTable([ok, { ...ok, fault: 'SIGSTOP', identical: false, auditIntact: false, duplicates: 2, consumers: 12, recoveryMs: 30_500 }]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^fault\s+outcome\s+identical\s+audit\s+duplicates\s+consumers\s+recovery$/);
    expect(lines[2]).toMatch(/^nats-server kill -9 for 5 s\s+completed\s+yes\s+intact\s+0\s+-\s+4\.2 s$/);
    expect(lines[3]).toMatch(/^SIGSTOP\s+completed\s+NO\s+BROKEN\s+2\s+12\s+30\.5 s$/);
  });

  it('passes only when every row completed, identical, intact and without duplicates', () => {
    expect(faultRowsPassed([ok, { ...ok, outcome: 'completed-after-retry' }])).toBe(true);
    expect(faultRowsPassed([])).toBe(false);
    expect(faultRowsPassed([ok, { ...ok, outcome: 'failed' }])).toBe(false);
    expect(faultRowsPassed([{ ...ok, duplicates: 1 }])).toBe(false);
  });
});
