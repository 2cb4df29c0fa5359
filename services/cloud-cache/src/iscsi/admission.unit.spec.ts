import { ValidationError } from '@ferry/errors';
import { addressKey, Admission } from './admission';
import { BurstLog } from './burst-log';
import { connectionPolicyOf, DEFAULT_CONNECTION_POLICY } from './connection-policy';

describe('Admission', () => {
  it('given the per-address cap is reached, when the same address connects again, then it is refused while others are admitted', () => {
    const caps = new Admission({ maxConnectionsPerAddress: 2, maxConnections: 10 });
    expect(caps.admit('10.0.0.1')).toBeUndefined();
    expect(caps.admit('10.0.0.1')).toBeUndefined();
    expect(caps.admit('10.0.0.1')).toEqual({ cap: 'per-address', limit: 2 });
    expect(caps.admit('10.0.0.2')).toBeUndefined();
    expect(caps.count()).toBe(3);
    caps.release('10.0.0.1');
    expect(caps.admit('10.0.0.1')).toBeUndefined();
  });

  it('given the total cap is reached, when any address connects, then it is refused until a slot is released', () => {
    const caps = new Admission({ maxConnectionsPerAddress: 5, maxConnections: 2 });
    caps.admit('a');
    caps.admit('b');
    expect(caps.admit('c')).toEqual({ cap: 'total', limit: 2 });
    caps.release('a');
    expect(caps.admit('c')).toBeUndefined();
    caps.release('nobody'); // never admitted: nothing to give back
    expect(caps.count()).toBe(2);
    expect(caps.count('c')).toBe(1);
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressKey('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(addressKey('::1')).toBe('::1');
    expect(addressKey(undefined)).toBe('unknown');
  });
});

describe('BurstLog', () => {
  it('given a flood of 1,000 refusals, then one line is logged at once and one summary when it has been quiet', () => {
    const log = new BurstLog({ label: 'refused', detailed: 1, quietMs: 3000 });
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const line = log.note(i, i % 3 === 0 ? '10.0.0.9' : `10.0.1.${i % 7}`, `refused #${i}`);
      if (line) lines.push(line);
    }
    expect(log.settle(3998)).toBeUndefined(); // not quiet long enough yet
    const summary = log.settle(3999);
    expect(lines).toEqual(['refused #0']);
    expect(summary).toMatch(/^iscsi: refused: 1000 connections in 1\.0 s from 8 address\(es\), most from 10\.0\.0\.9 ×334, .*; 999 of them not logged/);
    expect(log.settle(10_000)).toBeUndefined();
    expect(log.note(20_000, 'x', 'a new burst')).toBe('a new burst');
  });

  it('given a burst no longer than the detailed lines, then no summary is written', () => {
    const log = new BurstLog({ label: 'timed out', detailed: 5, quietMs: 100 });
    for (let i = 0; i < 5; i++) expect(log.note(i, 'a', `line ${i}`)).toBe(`line ${i}`);
    expect(log.settle(1000)).toBeUndefined();
    expect(log.settleAt()).toBeUndefined();
  });
});

describe('connectionPolicyOf', () => {
  it('fills the defaults and refuses a value out of bounds, naming it', () => {
    expect(connectionPolicyOf({ loginTimeoutMs: 500 })).toEqual({ ...DEFAULT_CONNECTION_POLICY, loginTimeoutMs: 500 });
    expect(() => connectionPolicyOf({ maxConnections: 0 })).toThrow(ValidationError);
    expect(() => connectionPolicyOf({ nopIntervalMs: 1.5 })).toThrow(/connections\.nopIntervalMs: 1\.5 is not an integer/);
  });
});
