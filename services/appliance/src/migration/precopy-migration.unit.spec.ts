import { IllegalStateError } from '@ferry/errors';
import { foldEvents } from '@ferry/event-store';
import { cmd, cmeta, SHA } from '../../test/fixtures/migration';
import { run } from '../../test/fixtures/warm-migration';
import { effectForState, nextEffect } from '../orchestration/process-manager';
import type { EffectOf } from '../orchestration/effects';
import { migrationDecider } from './migration-decider';
import type { MigrationCommand } from './migration-commands';
import { MigrationMode, type MigrationEvent, type SyncedDisk } from './migration-events';
import { isActive, type ActiveState } from './migration-state';

const INTERVAL_S = 600;
const disk = (diskKey: string, generation: number, over: Partial<SyncedDisk> = {}): SyncedDisk => ({
  diskKey, changeId: `52 aa-bb/${generation}`, sinceChangeId: generation === 1 ? '' : `52 aa-bb/${generation - 1}`, mode: generation === 1 ? 'full' : 'changed',
  sourceLocator: `datastore:DC0/prem-ds/web-1/web-1-ferrysnap-snapshot-${generation}.vmdk`, chunks: generation === 1 ? 8192 : 3, bytes: 3 << 20, changedBytes: 3 * 65536, sha256: '', wireBytes: 0, ...over,
});
const both = (generation: number, over: Partial<SyncedDisk> = {}): SyncedDisk[] => [disk('2000', generation, over), disk('2001', generation, over)];

const pc = {
  plan: (): MigrationCommand => cmd.plan(1, { mode: MigrationMode.Precopy, precopyIntervalSeconds: INTERVAL_S }),
  cbt: (n: number): MigrationCommand => ({ type: 'RecordChangeTrackingEnabled', data: { meta: cmeta(n), wasEnabled: false } }),
  started: (n: number, generation: number, final = false): MigrationCommand => ({
    type: 'RecordDeltaSyncStarted', data: { meta: cmeta(n), generation, final, snapshot: `snapshot-${generation}`, disks: both(generation), snapshotAtMillis: cmeta(n).at },
  }),
  done: (n: number, generation: number): MigrationCommand => ({ type: 'RecordDeltaSyncCompleted', data: { meta: cmeta(n), generation, disks: both(generation, { sha256: SHA, wireBytes: 1 << 20 }) } }),
  cutover: (n: number): MigrationCommand => ({ type: 'RequestCutover', data: { meta: cmeta(n), reason: 'window' } }),
};

const upToTwoSyncs = (): MigrationCommand[] => [pc.plan(), cmd.validate(2), pc.cbt(3), pc.started(4, 1), pc.done(5, 1), pc.started(64, 2), pc.done(66, 2)];
const state = (commands: MigrationCommand[]): ActiveState => {
  const s = foldEvents(migrationDecider, run(commands));
  if (!isActive(s)) throw new Error(`not active: ${s.phase}`);
  return s;
};

describe('migration aggregate: a pre-copy migration', () => {
  it('syncs in full, then deltas that record their figures and the dirty rate per minute between snapshots', () => {
    const events = run(upToTwoSyncs());
    expect(events.map((e) => e.type)).toEqual(['MigrationPlanned', 'MigrationValidated', 'ChangeTrackingEnabled', 'DeltaSyncStarted', 'DeltaSyncCompleted', 'DeltaSyncStarted', 'DeltaSyncCompleted']);
    const delta = events.at(-1) as Extract<MigrationEvent, { type: 'DeltaSyncCompleted' }>;
    // Snapshots at commands 4 and 64: one minute apart; 2 × 3 × 64 KiB changed.
    expect(delta.data).toMatchObject({ generation: 2, final: false, chunks: 6, bytes: 6 << 20, durationMs: 2000, changedBytes: 6 * 65536, dirtyBytesPerMinute: 6 * 65536, wireBytes: 2 << 20 });
    expect(state(upToTwoSyncs()).phase).toBe('precopy-synced');
  });

  it('plans the next delta one interval after the last snapshot, and the cutover (power-off + final delta) once it is requested', () => {
    const synced = state(upToTwoSyncs());
    const next = effectForState(synced) as EffectOf<'PrecopySync'>;
    expect(next).toMatchObject({ kind: 'PrecopySync', generation: 3, final: false, notBefore: cmeta(64).at + INTERVAL_S * 1000, sourceOff: false });
    expect(next.disks.map((d) => d.sinceChangeId)).toEqual(['52 aa-bb/2', '52 aa-bb/2']);
    const events = run([...upToTwoSyncs(), pc.cutover(70)]);
    const cut = nextEffect(foldEvents(migrationDecider, events), events.at(-1)!) as EffectOf<'PrecopySync'>;
    expect(cut).toMatchObject({ kind: 'PrecopySync', generation: 3, final: true, sourceOff: false });
    expect(cut.notBefore).toBeUndefined();
  });

  it('a cutover asked during a sync waits for it: the sync under way completes, then the cutover runs', () => {
    const during = [...upToTwoSyncs(), pc.started(80, 3), pc.cutover(81)];
    expect(effectForState(state(during))).toMatchObject({ generation: 3, final: false, resume: { snapshot: 'snapshot-3' } });
    const after = [...during, pc.done(82, 3)];
    expect(effectForState(state(after))).toMatchObject({ generation: 4, final: true });
  });

  it('the cutover: source off, final delta, then cold\'s target steps; downtime from power-off to power-on', () => {
    const commands = [...upToTwoSyncs(), pc.cutover(70), cmd.poweredOff(71), pc.started(72, 3, true), pc.done(73, 3), cmd.targetCreated(74), cmd.fixup(75), cmd.poweredOn(76), cmd.complete(77)];
    const events = run(commands);
    expect(events.slice(7).map((e) => e.type)).toEqual(['CutoverRequested', 'SourcePoweredOff', 'DeltaSyncStarted', 'DeltaSyncCompleted', 'TargetCreated', 'FixupCompleted', 'TargetPoweredOn', 'MigrationCompleted']);
    expect(events.at(-1)).toMatchObject({ data: { downtimeMillis: 5000 } });
  });

  it('refuses what does not fit: the power-off without a cutover, a non-final sync once the source is off, a cutover of another mode or twice', () => {
    expect(() => run([...upToTwoSyncs(), cmd.poweredOff(70)])).toThrow(/a pre-copy migration powers it off only for a requested cutover/);
    expect(() => run([...upToTwoSyncs(), pc.cutover(70), cmd.poweredOff(71), pc.started(72, 3, false)])).toThrow(IllegalStateError);
    expect(() => run([cmd.plan(), pc.cutover(2)])).toThrow(/is not a pre-copy migration/);
    expect(run([...upToTwoSyncs(), pc.cutover(70), pc.cutover(71)]).filter((e) => e.type === 'CutoverRequested')).toHaveLength(1);
  });

  it('a sync started again (a re-delivery) records nothing; a later generation replaces a sync whose snapshot was lost', () => {
    const events = run([...upToTwoSyncs(), pc.started(80, 3), pc.started(81, 3), pc.started(82, 4)]);
    expect(events.slice(7).map((e) => (e.type === 'DeltaSyncStarted' ? e.data.generation : e.type))).toEqual([3, 4]);
  });
});
