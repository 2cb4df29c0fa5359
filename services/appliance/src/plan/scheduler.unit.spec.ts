import { MigrationMode, type MigrationState } from '../migration';
import { evolvePlan, initialPlanState, type PlanState } from './plan-decider';
import type { PlanEvent } from './plan-events';
import { migrationsToStart } from './scheduler';

const vms = Array.from({ length: 12 }, (_, i) => ({ vcenter: 'prem', moref: `vm-${i}`, name: `web-${i}` }));
const ids = vms.map((_, i) => `m-${i}`);

function startedPlan(concurrency: number, scheduledStartMillis = 0): PlanState {
  const meta = { planId: 'p', at: 0, causeCommandId: 'c' };
  const events: PlanEvent[] = [
    {
      type: 'PlanCreated',
      data: { meta, name: 'p', vms, mode: MigrationMode.Cold, networkMap: [], storageMap: [], target: { folder: '', resourcePool: '', datacenter: '' }, concurrency, scheduledStartMillis, maxDiskBytesPerSecond: 0, acceptUnqualified: false },
    },
    { type: 'PlanStarted', data: { meta, migrations: vms.map((vm, i) => ({ vmMoref: vm.moref, migrationId: ids[i]! })) } },
  ];
  return events.reduce(evolvePlan, initialPlanState);
}

/** Migration states by id; ids not listed have no events yet (queued). */
function lookup(states: Record<string, MigrationState['phase']>) {
  return (id: string): MigrationState | undefined => {
    const phase = states[id];
    if (!phase || phase === 'initial') return undefined;
    // The scheduler reads only the phase (and, for cancelled, whether compensation is done).
    return { phase, compensated: false } as unknown as MigrationState;
  };
}

describe('plan scheduler', () => {
  it('starts at most the default 8 of 12 queued cold migrations, in plan order', () => {
    expect(migrationsToStart(startedPlan(8), lookup({}), 0)).toEqual(ids.slice(0, 8));
  });

  it('fills only free slots and never exceeds the limit', () => {
    const states = { 'm-0': 'copying-disks', 'm-1': 'planned', 'm-2': 'completed', 'm-3': 'failed' } as const;
    // 2 running (m-0, m-1) of a limit of 3: one slot; m-2/m-3 are done, so m-4 is next.
    expect(migrationsToStart(startedPlan(3), lookup(states), 0)).toEqual(['m-4']);
    const full = { 'm-0': 'copying-disks', 'm-1': 'validated', 'm-2': 'target-created' } as const;
    expect(migrationsToStart(startedPlan(3), lookup(full), 0)).toEqual([]);
  });

  it('counts a cancelled migration that is still compensating as running', () => {
    expect(migrationsToStart(startedPlan(1), lookup({ 'm-0': 'cancelled' }), 0)).toEqual([]);
  });

  it('holds everything until the scheduled start, then starts', () => {
    const plan = startedPlan(2, 10_000);
    expect(migrationsToStart(plan, lookup({}), 9_999)).toEqual([]);
    expect(migrationsToStart(plan, lookup({}), 10_000)).toEqual(['m-0', 'm-1']);
  });

  it('starts nothing for a plan that is only created', () => {
    const plan = startedPlan(2);
    const createdOnly: PlanState = plan.status === 'started' ? { status: 'created', id: plan.id, spec: plan.spec } : plan;
    expect(migrationsToStart(createdOnly, lookup({}), 0)).toEqual([]);
  });

  it('starts nothing more when every migration has started', () => {
    const all = Object.fromEntries(ids.map((id) => [id, 'completed'])) as Record<string, MigrationState['phase']>;
    expect(migrationsToStart(startedPlan(8), lookup(all), 0)).toEqual([]);
  });
});
