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
  moveId: 'move-m-1-a1', guestShutdownTimeoutMs: 1000, networkFiles: { '/etc/network/interfaces': 'auto ens192\niface ens192 inet static\n' },
};

/** Warm ports whose cloud datastores have `free` bytes; records what the step did. */
function portsWith(free: Record<string, number>, writtenNow: Record<number, number> = {}): { ports: MigrationPorts; calls: string[]; sent: MigrationCommand[] } {
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
    network: {
      reapply: async (r: { datastorePaths: readonly string[]; runId: string }) => (calls.push(`network ${r.runId} ${r.datastorePaths.length}`), ['network: restored - 1 file(s) put back as captured']),
    },
    cache: {
      move: async (r: { lun: number }) => (calls.push(`move ${r.lun}`), moved(r.lun)),
      writtenChunks: async (_iqn: string, lun: number) => Array.from({ length: writtenNow[lun] ?? 2 }, (_, i) => i),
    },
  } as unknown as WarmPorts;
  return { ports: { warm } as unknown as MigrationPorts, calls, sent };
}

const run = (ports: MigrationPorts, sent: MigrationCommand[], step: EffectOf<'MoveToStorage'> = effect): Promise<void> =>
  moveToStorageStep.run(step, {
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
    expect(calls).toEqual(['powerOff', 'move 0', 'move 1', 'switchToDisks', 'network move-m-1-a1-network 2', 'powerOn']);
    expect(sent).toMatchObject([
      { type: 'RecordDiskMoved', data: { disk: { diskKey: '2000' }, lun: 0, shellVm: 'vm-s0', capacityBytes: 2 * GiB } },
      { type: 'RecordDiskMoved', data: { disk: { diskKey: '2001' }, lun: 1, shellVm: 'vm-s1', capacityBytes: 1 * GiB } },
      { type: 'RecordMovedToStorage', data: { disks: [{ diskKey: '2000', writtenInCloud: [{ first: 0, last: 1 }] }, { diskKey: '2001' }], networkSteps: ['network: restored - 1 file(s) put back as captured'] } },
    ]);
  });

  const lun0Moved = {
    disk: { diskKey: '2000', datastorePath: '[ds-a] web-ferry-lun0/web-ferry-lun0.vmdk', bytes: GiB, chunksWrittenInCloud: 2, writtenInCloud: [{ first: 0, last: 1 }], bytesFetchedOnDemand: 5 },
    lun: 0, shellVm: 'vm-s0', capacityBytes: 2 * GiB,
  };
  const retried: EffectOf<'MoveToStorage'> = { ...effect, moveId: 'move-m-1-a2', disks: [{ ...effect.disks[0]!, moved: lun0Moved }, effect.disks[1]!] };

  it('a retry after a partial move reuses the LUN moved before: it counts room for the rest only and moves only the rest', async () => {
    // 1.5 GiB free: enough for LUN 1 (1 GiB), not for both (3 GiB).
    const { ports, calls, sent } = portsWith({ 'ds-a': 1.5 * GiB });
    await run(ports, sent, retried);
    expect(calls).toEqual(['powerOff', 'move 1', 'switchToDisks', 'network move-m-1-a2-network 2', 'powerOn']);
    expect(sent.map((c) => c.type)).toEqual(['RecordDiskMoved', 'RecordMovedToStorage']);
    expect(sent[1]).toMatchObject({ data: { disks: [{ diskKey: '2000', datastorePath: lun0Moved.disk.datastorePath }, { diskKey: '2001' }] } });
  });

  it('moves a LUN again when the guest wrote to it since its earlier move (the copy moved then is stale)', async () => {
    const { ports, calls, sent } = portsWith({ 'ds-a': 3 * GiB }, { 0: 3 });
    await run(ports, sent, retried);
    expect(calls).toEqual(['powerOff', 'move 0', 'move 1', 'switchToDisks', 'network move-m-1-a2-network 2', 'powerOn']);
  });

  it('starts the VM from its moved disks without guest-prep when no network was captured', async () => {
    const { ports, calls, sent } = portsWith({ 'ds-a': 3 * GiB });
    await run(ports, sent, { ...effect, networkFiles: {} });
    expect(calls).toEqual(['powerOff', 'move 0', 'move 1', 'switchToDisks', 'powerOn']);
    expect(sent.at(-1)).toMatchObject({ data: { networkSteps: ['network: skipped - no network files were captured at preparation'] } });
  });
});
