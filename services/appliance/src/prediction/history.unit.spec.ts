import { emeta, evt } from '../../test/fixtures/migration';
import { Step, type MigrationEvent } from '../migration';
import { stepHistory } from './history';

const completed = (n: number): MigrationEvent => ({ type: 'MigrationCompleted', data: { meta: emeta(n), durationMillis: 1, downtimeMillis: 1 } });
// Events are n seconds after T0: validated 2, off 5, copies 6..10, target 12, fixup 20, on 21, completed 22.
const cold: MigrationEvent[] = [
  evt.planned(1), evt.validated(2), evt.poweredOff(5), evt.copyStarted(6, '2000'), evt.copyStarted(6, '2001'), evt.copyCompleted(9, '2000'), evt.copyCompleted(10, '2001'),
  evt.targetCreated(12), evt.fixedUp(20), evt.poweredOn(21), completed(22),
];

describe('step history', () => {
  it("reads each step's duration from the events that bound it, and the full-copy rate", () => {
    const h = stepHistory([cold]);
    expect(h).toMatchObject({ shutdownMs: [3000], createTargetMs: [2000], fixupMs: [8000], powerOnMs: [1000], bootOverCacheMs: [], rehashMillisPerGiB: [] });
    const copied = cold.filter((e) => e.type === 'DiskCopyCompleted').reduce((sum, e) => sum + (e.type === 'DiskCopyCompleted' ? e.data.bytesCopied + e.data.bytesSkippedZero : 0), 0);
    expect(h.fullCopyBytesPerSecond).toEqual([copied / 4]);
  });

  it('counts only migrations completed before the cutoff, and only the last attempt of a retried one', () => {
    expect(stepHistory([cold], cold.at(-1)!.data.meta.at).shutdownMs).toEqual([]);
    expect(stepHistory([cold.slice(0, -1)]).shutdownMs).toEqual([]); // not completed
    const retried = [evt.planned(1), evt.validated(2), evt.failed(3, Step.PowerOffSource, 14), evt.retried(40, Step.PowerOffSource), evt.poweredOff(45), ...cold.slice(3).map((e) => ({ ...e, data: { ...e.data, meta: { ...e.data.meta, at: e.data.meta.at + 40_000 } } }) as MigrationEvent)];
    // The first attempt's validation is before the failure: the shutdown of the retry is not measured from it.
    expect(stepHistory([retried]).shutdownMs).toEqual([]);
    expect(stepHistory([retried]).fixupMs).toEqual([8000]);
  });
});
