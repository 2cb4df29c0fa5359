import { foldEvents } from '@ferry/event-store';
import { cmd, evt, hardware } from '../../../test/fixtures/migration';
import { migrationDecider, type ActiveState, type MigrationCommand, type MigrationEvent } from '../../migration';
import type { MigrationPorts, SourceInspection } from '../ports';
import { validateStep } from './validate';

const unused = (): never => {
  throw new Error('not used by validation');
};

/** Ports whose source reports `blockers` and remembers which target datastores it was asked to check. */
function sourceReporting(blockers: string[]): { ports: MigrationPorts; asked: Array<readonly string[]> } {
  const asked: Array<readonly string[]> = [];
  const inspect = (_vm: unknown, _mode: unknown, targetDatastores: readonly string[]): Promise<SourceInspection> => {
    asked.push(targetDatastores);
    return Promise.resolve({ hardware, powerState: 'poweredOn', blockers, warnings: [], unqualified: [] });
  };
  const ports: MigrationPorts = {
    source: { inspect, powerOff: unused, powerOn: unused },
    diskCopy: { copy: unused, setRate: unused, forgetRate: unused },
    fixup: { run: unused },
    target: { findByMigration: unused, create: unused, removeByMigration: unused, powerOn: unused },
  };
  return { ports, asked };
}

type Planned = Extract<MigrationEvent, { type: 'MigrationPlanned' }>;
const plannedEvent = evt.planned() as Planned;
const planned = (overrides: Partial<Planned['data']> = {}): ActiveState => foldEvents(migrationDecider, [{ ...plannedEvent, data: { ...plannedEvent.data, ...overrides } }]) as ActiveState;

describe('validation inside a migration checks room on the target datastore the plan maps the disks to', () => {
  it('asks readiness about the mapped cloud datastore', async () => {
    const { ports, asked } = sourceReporting([]);
    const sent: MigrationCommand[] = [];
    const effect = validateStep.plan(planned(), {});
    const ctx = { now: () => 1, commandId: (outcome: string) => outcome, send: (command: MigrationCommand) => Promise.resolve(void sent.push(command)) };
    await validateStep.run(effect, { ports, ctx, meta: (outcome) => ({ commandId: outcome, migrationId: 'mig-1', at: 1 }) });
    expect(asked).toEqual([['cloud-ds']]);
    expect(sent.map((c) => c.type)).toEqual(['RecordValidation']);
  });

  it('names every datastore when the storage map splits the disks', () => {
    const { disks, storageMap } = plannedEvent.data;
    const split = planned({ disks: [disks[0]!, { ...disks[1]!, datastorePath: '[prem-ds-2] web-1/web-1_1.vmdk' }], storageMap: [...storageMap, { sourceDatastore: 'prem-ds-2', targetDatastore: 'cloud-ds-2' }] });
    expect(validateStep.plan(split, {}).targetDatastores).toEqual(['cloud-ds', 'cloud-ds-2']);
  });

  it('a datastore too small for the disks (target-datastore-space) fails the migration at validation, saying so', () => {
    const blocker = 'target-datastore-space: datastore cloud-ds has 1 GiB free, the disks need 10 GiB. Fix: map the disks to a datastore with room';
    const events = migrationDecider.decide(cmd.validate(2, [blocker]), planned());
    expect(events).toEqual([expect.objectContaining({ type: 'MigrationFailed', data: expect.objectContaining({ reason: expect.stringContaining('target-datastore-space'), retryable: true }) })]);
  });
});
