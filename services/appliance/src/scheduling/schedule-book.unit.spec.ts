import { MigrationMode } from '../migration';
import type { PlanEvent } from '../plan';
import { ScheduleBook, wakeKey } from './schedule-book';

const meta = (at: number) => ({ planId: 'p', at, causeCommandId: `c-${at}` });
const created = (scheduledStartMillis: number): PlanEvent => ({
  type: 'PlanCreated',
  data: {
    meta: meta(1), name: 'wave', vms: [{ vcenter: 'prem', moref: 'vm-1', name: 'a' }], mode: MigrationMode.Cold, networkMap: [], storageMap: [],
    target: { folder: '', resourcePool: '', datacenter: '' }, concurrency: 1, scheduledStartMillis, maxDiskBytesPerSecond: 0, acceptUnqualified: false, precopyIntervalSeconds: 0,
  },
});
const started: PlanEvent = { type: 'PlanStarted', data: { meta: meta(2), migrations: [{ vmMoref: 'vm-1', migrationId: 'm-1' }] } };
const cancelled: PlanEvent = { type: 'PlanCancelled', data: { meta: meta(3), reason: 'not tonight' } };

function book(...events: PlanEvent[]): ScheduleBook {
  const b = new ScheduleBook();
  for (const e of events) b.applyPlanEvent('p', e);
  return b;
}

describe('schedule book', () => {
  it('a created plan with a scheduled start is pending at that time', () => {
    expect(book(created(50_000)).pending()).toEqual([{ kind: 'plan-start', planId: 'p', at: 50_000 }]);
  });

  it('a plan without a scheduled start waits for StartPlan: nothing to wake', () => {
    expect(book(created(0)).pending()).toEqual([]);
  });

  it('a plan started ahead of its time stays pending until one of its migrations is planned', () => {
    const b = book(created(50_000), started);
    expect(b.wake('plan-start:p')).toEqual({ kind: 'plan-start', planId: 'p', at: 50_000 });
    b.migrationPlanned('m-1', 'p', false);
    expect(b.pending()).toEqual([]);
  });

  it('a cancelled plan has nothing to wake', () => {
    expect(book(created(50_000), cancelled).pending()).toEqual([]);
  });

  it("a pre-copy migration cuts over at the plan's scheduled cutover, or at its own time once scheduled", () => {
    const b = book({ ...created(50_000), data: { ...created(50_000).data, mode: MigrationMode.Precopy, scheduledCutoverMillis: 90_000 } } as PlanEvent);
    b.migrationPlanned('m-1', 'p', true);
    expect(b.pending().map((w) => [wakeKey(w), w.at])).toEqual([['cutover:m-1', 90_000]]);
    b.cutoverScheduled('m-1', 70_000);
    expect(b.wake('cutover:m-1')?.at).toBe(70_000);
  });

  it('a cutover waits while its migration is failed, and settles once asked for', () => {
    const b = new ScheduleBook();
    b.migrationPlanned('m-1', 'p', true);
    b.cutoverScheduled('m-1', 70_000);
    b.migrationFailed('m-1', true);
    expect(b.pending()).toEqual([]);
    b.migrationFailed('m-1', false);
    expect(b.pending()).toEqual([{ kind: 'cutover', migrationId: 'm-1', at: 70_000 }]);
    b.cutoverSettled('m-1');
    expect(b.pending()).toEqual([]);
  });

  it('a migration of another mode has no cutover to wake', () => {
    const b = new ScheduleBook();
    b.migrationPlanned('m-2', 'p', false);
    b.cutoverScheduled('m-2', 70_000);
    expect(b.pending()).toEqual([]);
  });
});
