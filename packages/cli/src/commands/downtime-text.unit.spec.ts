import { ferry } from '@ferry/proto';
import { adviceTable } from './plan-advise';
import { downtimeLine } from './downtime-text';

const MiB = 2 ** 20;

describe('downtime in ferry watch, ferry cutover and ferry plan advise', () => {
  const predicted = {
    downtimeMillis: 41_650, finalDeltaBytes: 6.5 * MiB, dirtyBytesPerMinute: 6 * MiB,
    steps: [{ step: 'shutdown', millis: 5000, basis: 'measured', samples: 3 }, { step: 'fixup', millis: 120_000, basis: 'default', samples: 0 }],
  };

  it('shows the prediction, the measured downtime once completed, and which steps are defaults', () => {
    expect(downtimeLine({ predicted, recorded: true, measuredMillis: 39_000 })).toBe(
      'downtime predicted at the cutover 42 s (final delta 6.5 MiB at 6.0 MiB/min), measured 39 s (defaults, no history yet: fixup)',
    );
    expect(downtimeLine({ predicted: { ...predicted, steps: [] }, recorded: false })).toBe('downtime predicted 42 s (final delta 6.5 MiB at 6.0 MiB/min)');
    expect(downtimeLine({ recorded: false })).toBe('');
  });

  it('advise prints one row per VM with the three downtimes, the advice and the reason', () => {
    const advice = ferry.api.v1.PlanAdvice.create({
      planId: 'plan-1',
      vms: [
        { vm: { moref: 'vm-1', name: 'db' }, precopy: predicted, coldDowntimeMillis: 600_000, warmDowntimeMillis: 95_000, advice: 'precopy', reason: 'down about 42 s instead of 10 min cold', defaults: ['fixup'] },
        { vm: { moref: 'vm-2' }, coldDowntimeMillis: 30_000, warmDowntimeMillis: 95_000, advice: 'cold', reason: 'cold is down about 30 s', defaults: [] },
      ],
    });
    expect(adviceTable(advice).split('\n')).toEqual([
      'VM         PRECOPY DOWN           COLD DOWN  WARM DOWN  ADVICE   REASON',
      'vm-1 (db)  42 s                   10 min     95 s       precopy  down about 42 s instead of 10 min cold',
      'vm-2       - (no delta sync yet)  30 s       95 s       cold     cold is down about 30 s',
      '',
      'from documented defaults (this site has no history of them yet): fixup',
      '',
    ]);
  });
});
