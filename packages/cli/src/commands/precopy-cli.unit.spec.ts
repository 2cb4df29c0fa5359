import { InvalidArgumentError } from 'commander';
import { intervalSeconds } from './migrate';
import { precopyLine } from './migration-text';

describe('pre-copy on the command line', () => {
  it('--precopy-interval takes seconds, minutes or hours', () => {
    expect([intervalSeconds('90s'), intervalSeconds('15m'), intervalSeconds('1h'), intervalSeconds('45')]).toEqual([90, 900, 3600, 45]);
    expect(() => intervalSeconds('soon')).toThrow(InvalidArgumentError);
    expect(() => intervalSeconds('soon')).toThrow('"soon" is not a duration; use e.g. 90s, 15m or 1h');
  });

  it('shows the syncs: the full sync under way, then the last delta and the next sync, the cutover, the final delta', () => {
    expect(precopyLine({ generation: 0, syncing: true })).toBe('  precopy: full sync under way\n');
    const synced = { generation: 3, lastDeltaChunks: 4, lastDeltaBytes: 4 * 2 ** 20, lastDeltaDurationMs: 1200, dirtyBytesPerMinute: 2 * 2 ** 20 };
    expect(precopyLine({ ...synced, nextSyncAt: { unixMillis: Date.UTC(2026, 11, 4, 12) } })).toBe(
      '  precopy: generation 3 synced (last delta 4 chunks, 4.0 MiB in 1.2 s, dirty 2.0 MiB/min), next sync at 2026-12-04T12:00:00.000Z\n',
    );
    expect(precopyLine({ ...synced, syncing: true, cutoverRequestedAt: { unixMillis: Date.UTC(2026, 11, 4, 12, 5) } })).toBe(
      '  precopy: generation 3 synced (last delta 4 chunks, 4.0 MiB in 1.2 s, dirty 2.0 MiB/min), syncing generation 4, cutover requested at 2026-12-04T12:05:00.000Z\n',
    );
    expect(precopyLine({ ...synced, generation: 1, lastDeltaChunks: 12, lastDeltaBytes: 12 * 2 ** 20, finalSynced: false })).toBe('  precopy: generation 1 synced (last sync 12 chunks, 12.0 MiB in 1.2 s)\n');
    expect(precopyLine({ ...synced, generation: 5, finalSynced: true, cutoverRequestedAt: { unixMillis: 1 } })).toMatch(/generation 5 synced .*, final delta synced\n$/);
  });
});
