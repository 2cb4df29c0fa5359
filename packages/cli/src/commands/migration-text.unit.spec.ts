import { ferry } from '@ferry/proto';
import { describeMigration } from './migration-text';

import api = ferry.api.v1;

const MiB = 2 ** 20;

describe('describeMigration', () => {
  it('shows a warm migration running over the cache: downtime, hydrated and on-demand bytes', () => {
    const text = describeMigration(api.Migration.create({
      id: 'm-1', planId: 'p-1', sourceVm: { moref: 'vm-7', name: 'web' }, phase: ferry.migration.v1.Phase.PHASE_BOOTED_OVER_CACHE,
      warm: { cacheIqn: 'iqn.2026-12.io.ferry:m-1', downtimeMillis: 12_300, bytesHydrated: 512 * MiB, bytesFetchedOnDemand: 60 * MiB },
    }));
    expect(text).toContain('migration m-1 of vm-7 (web), plan p-1: booted_over_cache');
    expect(text).toContain('warm: over cache iqn.2026-12.io.ferry:m-1 (up 12.3 s after the source went off), hydrated 512.0 MiB, fetched on demand 60.0 MiB');
    expect(text).not.toContain('on storage');
  });

  it('adds the storage disks, the switchover and the cloud writes once moved', () => {
    const text = describeMigration(api.Migration.create({
      id: 'm-1', planId: 'p-1', phase: ferry.migration.v1.Phase.PHASE_COMPLETED,
      warm: { cacheIqn: 'iqn.2026-12.io.ferry:m-1', storageDisks: ['[ds1] web/web.vmdk'], switchoverMillis: 4_000, chunksWrittenInCloud: 41 },
    }));
    expect(text).toContain('on storage [ds1] web/web.vmdk (switchover 4.0 s, 41 MiB written in the cloud)');
  });

  it('has no warm line for a cold migration', () => {
    expect(describeMigration(api.Migration.create({ id: 'm-2', planId: 'p-2', phase: ferry.migration.v1.Phase.PHASE_COPYING_DISKS }))).not.toContain('warm:');
  });

  it('shows the way back: chunks compared and shipped, then the prem VM on', () => {
    const going = describeMigration(api.Migration.create({
      id: 'm-1', planId: 'p-1', phase: ferry.migration.v1.Phase.PHASE_CLOUD_TARGET_POWERED_OFF, back: { chunksTotal: 2048, chunksCompared: 0, chunksShipped: 0 },
    }));
    expect(going).toContain('cloud_target_powered_off');
    expect(going).toContain('back: compared 0 of 2048 chunks (0%), 0 shipped so far\n');
    const comparing = describeMigration(api.Migration.create({
      id: 'm-1', planId: 'p-1', phase: ferry.migration.v1.Phase.PHASE_CLOUD_TARGET_POWERED_OFF,
      back: { chunksTotal: 2048, chunksCompared: 512, chunksShipped: 3, rateBytesPerSecond: 1.5 * 2 ** 20, etaSeconds: 75, undoPrep: true },
    }));
    expect(comparing).toContain('back: compared 512 of 2048 chunks (25%), 3 shipped so far, 1.5 MiB/s, ETA 1m15s, the preparation will be undone\n');
    const done = describeMigration(api.Migration.create({
      id: 'm-1', planId: 'p-1', phase: ferry.migration.v1.Phase.PHASE_MIGRATED_BACK,
      back: {
        chunksTotal: 2048, chunksCompared: 2048, chunksShipped: 12, downtimeMillis: 31_200, migratedBackAt: { unixMillis: 1 },
        restoreSteps: ['find-root: unchanged - Linux root', 'network: changed - put back as captured at preparation: /etc/network/interfaces', 'undo-prep: changed - restored 9 recorded change(s)'],
      },
    }));
    expect(done).toContain('migrated_back');
    expect(done).toContain('back: 12 of 2048 chunks differed and were shipped (12.0 MiB), prem guest: find-root: unchanged, network: changed, undo-prep: changed, prem VM on, 31.2 s after the cloud VM went off; the cloud VM is kept, powered off');
  });
});
