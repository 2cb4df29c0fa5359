import { ValidationError } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { checkRequest } from './validated-rpc';

import api = ferry.api.v1;

/** A request as the server sees it: encoded and decoded by the generated classes (uint64 as Long). */
const createPlan = (fields: api.ICreatePlanRequest = {}): api.CreatePlanRequest =>
  api.CreatePlanRequest.decode(
    api.CreatePlanRequest.encode({
      name: 'wave 1',
      vms: [{ vcenter: 'prem', moref: 'vm-42' }],
      mode: ferry.migration.v1.MigrationMode.MIGRATION_MODE_COLD,
      target: { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' },
      ...fields,
    }).finish(),
  );

function refusal(rpc: 'CreatePlan' | 'SetPlanDiskRate', request: unknown): string {
  try {
    checkRequest(rpc, request);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).message;
  }
  throw new Error('expected the request to be refused');
}

const YEAR = 365.25 * 24 * 3600 * 1000;
/** A 64-bit value past 2^53: protobufjs encodes a decimal string exactly, and decodes it as a Long. */
const u64 = (digits: string): number => digits as unknown as number;
const MAX_UINT64 = u64('18446744073709551615');

describe('CreatePlanRequest schema', () => {
  it('takes a plain plan: name, VM, target paths, concurrency, a start next month, a request id and a rate cap', () => {
    expect(() => checkRequest('CreatePlan', createPlan({ concurrency: 100, scheduledStart: { unixMillis: Date.now() + YEAR / 12 }, requestId: 'e2e-wave-1', maxDiskBytesPerSecond: 50 * 2 ** 20 }))).not.toThrow();
    expect(() => checkRequest('CreatePlan', createPlan({ name: 'Welle 1 — Finanz-DB 🚢', target: {} }))).not.toThrow();
  });

  it('refuses a name with NUL, another control or a bidirectional control', () => {
    expect(refusal('CreatePlan', createPlan({ name: 'wave\u00001' }))).toBe('name: "wave\\u00001" contains the control character U+0000 at character 5; remove it (use a short label such as "wave 1")');
    expect(refusal('CreatePlan', createPlan({ name: 'wave\t1' }))).toMatch(/^name: .* U\+0009/);
    expect(refusal('CreatePlan', createPlan({ name: 'invoice\u202egpj.exe' }))).toMatch(/^name: "invoice\\u202egpj.exe" contains the bidirectional control U\+202E at character 8; remove it/);
    expect(refusal('CreatePlan', createPlan({ name: 'a\u2066b' }))).toMatch(/^name: .*U\+2066/);
    expect(refusal('CreatePlan', createPlan({ name: 'a\u200fb' }))).toMatch(/^name: .*U\+200F/);
  });

  it('refuses a name longer than 200 characters and a path-like name', () => {
    expect(refusal('CreatePlan', createPlan({ name: 'w'.repeat(201) }))).toMatch(/^name: is 201 characters long, more than 200 \("w{60}…"\); use a short label/);
    expect(() => checkRequest('CreatePlan', createPlan({ name: 'w'.repeat(200) }))).not.toThrow();
    expect(refusal('CreatePlan', createPlan({ name: '../../etc/passwd' }))).toBe('name: "../../etc/passwd" contains "/"; a plan name is a label, not a path: use e.g. "wave 1" or "finance db"');
    expect(refusal('CreatePlan', createPlan({ name: 'a\\b' }))).toMatch(/^name: "a\\b" contains "\\"/);
  });

  it('refuses a request id longer than 128 characters or with a control character', () => {
    expect(refusal('CreatePlan', createPlan({ requestId: 'r'.repeat(129) }))).toMatch(/^request_id: is 129 characters long, more than 128 \("r{60}…"\); use a short key such as a UUID/);
    expect(() => checkRequest('CreatePlan', createPlan({ requestId: 'r'.repeat(128) }))).not.toThrow();
    expect(refusal('CreatePlan', createPlan({ requestId: 'abc\r\n' }))).toMatch(/^request_id: "abc\\u000d\\u000a" contains the control character U\+000D/);
  });

  it('refuses a scheduled start before 2000 or more than 10 years ahead, saying the unit', () => {
    expect(refusal('CreatePlan', createPlan({ scheduledStart: { unixMillis: Date.UTC(1999, 11, 31) } }))).toBe(
      'scheduled_start: 1999-12-31T00:00:00.000Z (946598400000 ms) is before 2000-01-01; send unix milliseconds (not seconds or microseconds), or leave it unset to start when asked',
    );
    expect(refusal('CreatePlan', createPlan({ scheduledStart: { unixMillis: 1_700_000_000 } }))).toMatch(/^scheduled_start: 1970-01-20T.* is before 2000-01-01/); // seconds sent as ms
    expect(refusal('CreatePlan', createPlan({ scheduledStart: { unixMillis: Date.now() + 11 * YEAR } }))).toMatch(/^scheduled_start: .* is more than 10 years ahead \(after /);
    expect(refusal('CreatePlan', createPlan({ scheduledStart: { unixMillis: u64('9223372036854775807') } }))).toMatch(/^scheduled_start: 9223372036854775807 ms is more than 10 years ahead/);
    expect(refusal('CreatePlan', createPlan({ scheduledStart: {} }))).toMatch(/^scheduled_start: 1970-01-01T00:00:00.000Z \(0 ms\) is before 2000-01-01/);
  });

  it('refuses ".." or "." segments and control characters in the target folder, resource pool and datacenter', () => {
    const target = { datacenter: 'DC0', folder: '/DC0/vm', resourcePool: '/DC0/host/DC0_C0/Resources' };
    expect(refusal('CreatePlan', createPlan({ target: { ...target, folder: '/DC0/vm/../../etc' } }))).toBe(
      'target.folder: "/DC0/vm/../../etc" has a ".." segment; use the object\'s inventory path on the cloud vCenter, e.g. /DC0/vm, or leave it empty for the site\'s default',
    );
    expect(refusal('CreatePlan', createPlan({ target: { ...target, resourcePool: '/DC0/host/./Resources' } }))).toMatch(/^target\.resource_pool: .* has a "\." segment/);
    expect(refusal('CreatePlan', createPlan({ target: { ...target, datacenter: '..\\DC0' } }))).toMatch(/^target\.datacenter: .* has a "\.\." segment/);
    expect(refusal('CreatePlan', createPlan({ target: { ...target, folder: '/DC0/vm\u0000' } }))).toMatch(/^target\.folder: .* U\+0000/);
    expect(() => checkRequest('CreatePlan', createPlan({ target: { ...target, folder: '/DC0/vm/team..a' } }))).not.toThrow(); // ".." inside a name is no segment
  });

  it(`caps concurrency at 100, and refuses 0, naming the default`, () => {
    expect(refusal('CreatePlan', createPlan({ concurrency: 2 ** 31 - 1 }))).toBe(
      'concurrency: must be at most 100, got 2147483647; set how many VMs may migrate at once (1 to 100), or leave it unset for 8',
    );
    expect(refusal('CreatePlan', createPlan({ concurrency: 0 }))).toMatch(/^concurrency: must be at least 1, got 0;/);
    expect(refusal('CreatePlan', createPlan({ concurrency: -5 }))).toMatch(/^concurrency: must be at least 1, got -5;/);
  });

  it('shows a uint64 rate cap exactly: 2^64-1 is 18446744073709551615, not a rounded number', () => {
    expect(createPlan({ maxDiskBytesPerSecond: MAX_UINT64 }).maxDiskBytesPerSecond).toHaveProperty('unsigned', true); // a Long, as on the wire
    expect(refusal('CreatePlan', createPlan({ maxDiskBytesPerSecond: MAX_UINT64 }))).toBe(
      'max_disk_bytes_per_second: must be at most 1099511627776, got 18446744073709551615; it is in bytes per second (1 TiB/s at most); leave it unset for no cap',
    );
    expect(refusal('CreatePlan', { ...createPlan(), maxDiskBytesPerSecond: '18446744073709551615' })).toContain('got 18446744073709551615');
  });

  it('names a VM reference field by index, in snake_case', () => {
    expect(refusal('CreatePlan', createPlan({ vms: [{ moref: 'vm-1' }, { moref: 'vm\u00002' }] }))).toMatch(/^vms\[1\]\.moref: /);
    expect(refusal('CreatePlan', createPlan({ vms: [{ vcenter: 'mars', moref: 'vm-1' }] }))).toMatch(/^vms\[0\]\.vcenter: "mars" is not a vCenter role/);
    expect(refusal('CreatePlan', createPlan({ networkMap: [{ sourceNetwork: 'VM Network', targetNetwork: 'x\u202e' }] }))).toMatch(/^network_map\[0\]\.target_network: /);
    expect(refusal('CreatePlan', createPlan({ mode: 7 as ferry.migration.v1.MigrationMode }))).toMatch(/^mode: 7 is not a migration mode/);
  });
});

describe('CreatePlanRequest list sizes', () => {
  it('refuses more than 1000 VMs, network mappings or storage mappings, and takes 1000', () => {
    const vms = (n: number) => Array.from({ length: n }, (_, i) => ({ vcenter: 'prem', moref: `vm-${i}` }));
    expect(() => checkRequest('CreatePlan', createPlan({ vms: vms(1000) }))).not.toThrow();
    expect(refusal('CreatePlan', createPlan({ vms: vms(10_000) }))).toBe('vms: has 10000 entries, more than 1000; split the VMs into plans (waves) of at most 1000');
    const nets = Array.from({ length: 1001 }, (_, i) => ({ sourceNetwork: `net-${i}`, targetNetwork: 'VM Network' }));
    expect(refusal('CreatePlan', createPlan({ networkMap: nets }))).toMatch(/^network_map: has 1001 entries, more than 1000; /);
    const stores = Array.from({ length: 1001 }, () => ({ sourceDatastore: 'a', targetDatastore: 'b' }));
    expect(refusal('CreatePlan', createPlan({ storageMap: stores }))).toMatch(/^storage_map: has 1001 entries, more than 1000; /);
  });
});

describe('SetPlanDiskRateRequest schema', () => {
  const setRate = (fields: api.ISetPlanDiskRateRequest) => api.SetPlanDiskRateRequest.decode(api.SetPlanDiskRateRequest.encode(fields).finish());

  it('takes 0 (lift the cap) and a cap in bytes per second', () => {
    expect(() => checkRequest('SetPlanDiskRate', setRate({ planId: 'plan-1', maxDiskBytesPerSecond: 0 }))).not.toThrow();
    expect(() => checkRequest('SetPlanDiskRate', setRate({ planId: 'plan-1', maxDiskBytesPerSecond: 16 * 2 ** 20 }))).not.toThrow();
  });

  it('refuses 2^64-1, printed exactly, and a malformed plan id', () => {
    expect(refusal('SetPlanDiskRate', setRate({ planId: 'plan-1', maxDiskBytesPerSecond: MAX_UINT64 }))).toBe(
      'max_disk_bytes_per_second: must be at most 1099511627776, got 18446744073709551615; it is in bytes per second (1 TiB/s at most); use 0 to lift the cap',
    );
    expect(refusal('SetPlanDiskRate', setRate({ planId: '../plan-1' }))).toBe('plan_id: "../plan-1" is not a plan id; use the id CreatePlan returned');
    expect(refusal('SetPlanDiskRate', setRate({ planId: '' }))).toBe('plan_id: "" is not a plan id; use the id CreatePlan returned');
  });
});
