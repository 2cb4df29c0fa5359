import { IllegalStateError, NotFoundError } from '@ferry/errors';
import type { MigrationCommand } from '../../migration';
import type { EffectOf } from '../effects';
import type { MigrationPorts } from '../ports';
import type { MovedLun, WarmPorts } from '../warm-ports';
import { moveToStorageStep } from './move-to-storage';

const GiB = 2 ** 30;

const effect: EffectOf<'MoveToStorage'> = {
  kind: 'MoveToStorage', migrationId: 'm-1', targetVm: { vcenter: 'cloud', moref: 'vm-9', name: 'web' }, iqn: 'iqn.2026-12.io.ferry:m-1',
  disks: [{ diskKey: '2000', capacityBytes: 2 * GiB, datastore: 'ds-a', lun: 0 }, { diskKey: '2001', capacityBytes: 1 * GiB, datastore: 'ds-a', lun: 1 }],
  moveId: 'move-m-1-a1', guestShutdownTimeoutMs: 1000,
};

/** Warm ports whose cloud datastores have `free` bytes; records what the step did. */
function portsWith(free: Record<string, number>): { ports: MigrationPorts; calls: string[]; sent: MigrationCommand[] } {
  const calls: string[] = [];
  const sent: MigrationCommand[] = [];
  const moved = (lun: number): MovedLun => ({ shellVm: `vm-s${lun}`, datastorePath: `[ds-a] web-ferry-lun${lun}/web-ferry-lun${lun}.vmdk`, bytes: GiB, chunksWrittenDuringMove: 0, chunksWrittenInCloud: 2, writtenInCloud: [{ first: 0, last: 1 }], bytesFetchedOnDemand: 5 });
  const warm = {
    target: {
      datastoreFreeBytes: async (name: string) => free[name],
      powerOff: async () => void calls.push('powerOff'),
      switchToDisks: async () => void calls.push('switchToDisks'),
      powerOn: async () => void calls.push('powerOn'),
    },
    cache: { move: async (r: { lun: number }) => (calls.push(`move ${r.lun}`), moved(r.lun)) },
  } as unknown as WarmPorts;
  return { ports: { warm } as unknown as MigrationPorts, calls, sent };
}

const run = (ports: MigrationPorts, sent: MigrationCommand[]): Promise<void> =>
  moveToStorageStep.run(effect, {
    ports,
    ctx: { now: () => 1000, commandId: (o) => o, send: async (c) => void sent.push(c) },
    meta: (outcome) => ({ commandId: outcome, migrationId: 'm-1', at: 1000 }),
  });

describe('MoveToStorage', () => {
  it('refuses before stopping the VM when the datastore lacks room for all its disks, naming the space and the fix', async () => {
    const { ports, calls, sent } = portsWith({ 'ds-a': 2.5 * GiB });
    const failure = run(ports, sent);
    await expect(failure).rejects.toThrow(IllegalStateError);
    await expect(failure).rejects.toThrow(/"ds-a" has 2.5 GiB free but the move needs 3.0 GiB .*keeps running over the cache: free space on "ds-a".*ferry retry m-1/);
    expect({ calls, sent }).toEqual({ calls: [], sent: [] });
  });

  it('names the storage map when the datastore does not exist', async () => {
    const { ports, calls, sent } = portsWith({});
    await expect(run(ports, sent)).rejects.toThrow(NotFoundError);
    expect(calls).toEqual([]);
  });

  it('with room: stops the VM, moves each LUN, switches it and records the move with the cloud writes', async () => {
    const { ports, calls, sent } = portsWith({ 'ds-a': 3 * GiB });
    await run(ports, sent);
    expect(calls).toEqual(['powerOff', 'move 0', 'move 1', 'switchToDisks', 'powerOn']);
    expect(sent).toMatchObject([{ type: 'RecordMovedToStorage', data: { disks: [{ diskKey: '2000', writtenInCloud: [{ first: 0, last: 1 }] }, { diskKey: '2001' }] } }]);
  });
});
