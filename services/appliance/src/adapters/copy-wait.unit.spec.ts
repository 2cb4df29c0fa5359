import { ResourceExhaustedError } from '@ferry/errors';
import { isTransient } from '../orchestration/effect-runner';
import { CopyWait, mibNeeded, RERECORD_MS, waitText } from './copy-wait';

const MiB = 2 ** 20;
const disk = { migrationId: 'mig-1', diskKey: '2000', datastorePath: '[prem-ds] web-1/web-1.vmdk', targetDatastore: 'cloud-ds' };
const full = (needed = 33 * MiB, free = 0) => ({
  waitingReason: `no space on datastore cloud-ds (/vmfs/volumes/cloud-ds/ferry-mig-1, ENOSPC): about ${(needed / MiB).toFixed(1)} MiB more needed, ${(free / MiB).toFixed(1)} MiB free`,
  spaceNeededBytes: needed,
});
const moving = { waitingReason: '', spaceNeededBytes: 0 };
const T = 1_000_000;

describe('a copy waiting for room on its cloud datastore', () => {
  it('records the reason at the first poll that sees the wait, naming the datastore, the disk and the MiB', () => {
    const wait = new CopyWait(disk, 300_000);
    expect(wait.observe(moving, T)).toEqual({});
    const step = wait.observe(full(), T + 500);
    expect(step.giveUp).toBeUndefined();
    expect(step.record).toBe(
      'no space on cloud datastore cloud-ds for disk 2000: about 33 MiB more needed (no space on datastore cloud-ds (/vmfs/volumes/cloud-ds/ferry-mig-1, ENOSPC): about 33.0 MiB more needed, 0.0 MiB free); ' +
        'the copy goes on by itself once there is room, or fails after 5 min of waiting',
    );
    // The same reason again records nothing.
    expect(wait.observe(full(), T + 1000)).toEqual({});
  });

  it('records a changed reason at most every RERECORD_MS, and the end of the wait at once', () => {
    const wait = new CopyWait(disk, 300_000);
    expect(wait.observe(full(), T).record).toContain('about 33 MiB');
    expect(wait.observe(full(34 * MiB), T + RERECORD_MS - 1)).toEqual({});
    expect(wait.observe(full(34 * MiB), T + RERECORD_MS).record).toContain('about 34 MiB');
    expect(wait.observe(moving, T + RERECORD_MS + 1)).toEqual({ record: '' });
    expect(wait.observe(moving, T + RERECORD_MS + 2)).toEqual({});
    // A new wait is recorded at once again.
    expect(wait.observe(full(), T + RERECORD_MS + 3).record).toContain('about 33 MiB');
  });

  it('fails after the wait with a RESOURCE_EXHAUSTED error naming the datastore, the MiB to free and ferry retry; it is not re-run in place', () => {
    const wait = new CopyWait(disk, 5000);
    wait.observe(full(), T);
    expect(wait.observe(full(), T + 4999).giveUp).toBeUndefined();
    const { giveUp } = wait.observe(full(), T + 5000);
    expect(giveUp).toBeInstanceOf(ResourceExhaustedError);
    expect(giveUp?.message).toBe(
      'no space on cloud datastore cloud-ds for disk 2000 ([prem-ds] web-1/web-1.vmdk): the copy waited 5 s for room, about 33 MiB more is needed ' +
        '(no space on datastore cloud-ds (/vmfs/volumes/cloud-ds/ferry-mig-1, ENOSPC): about 33.0 MiB more needed, 0.0 MiB free). ' +
        'Free 33 MiB on datastore cloud-ds or map another datastore, then ferry retry mig-1',
    );
    // The wait was the step's retrying: the effect runner records it at once (retryable: it is no ValidationError).
    expect(isTransient(giveUp)).toBe(false);
  });

  it('restarts its clock when the transfer moves again', () => {
    const wait = new CopyWait(disk, 5000);
    wait.observe(full(), T);
    wait.observe(moving, T + 4000);
    expect(wait.observe(full(), T + 6000).giveUp).toBeUndefined();
    expect(wait.observe(full(), T + 11_000).giveUp).toBeDefined();
  });

  it('a resumed run (appliance restart) continues the recorded wait: records it again (the decider drops a repeat) and keeps its clock', () => {
    const resumed = new CopyWait(disk, 5000, T);
    expect(resumed.observe(full(), T + 3000).record).toContain('no space on cloud datastore cloud-ds');
    expect(resumed.observe(full(), T + 5000).giveUp).toBeDefined();
    // A resumed run whose transfer moves again says so.
    expect(new CopyWait(disk, 5000, T).observe(moving, T + 100)).toEqual({ record: '' });
  });

  it('gives up at the first sight of a wait when NO_SPACE_WAIT_MS is 0', () => {
    expect(new CopyWait(disk, 0).observe(full(), T).giveUp).toBeDefined();
  });

  it('formats the wait and rounds the MiB to free up', () => {
    expect([300_000, 5000, 90_000, 3_600_000].map(waitText)).toEqual(['5 min', '5 s', '1 min 30 s', '60 min']);
    expect([1, MiB, MiB + 1, 0].map(mibNeeded)).toEqual([1, 1, 2, 1]);
  });
});

describe('a hydration waiting for room in the cloud cache', () => {
  const hydrating = { ...disk, intoCache: true };
  const cacheFull = { waitingReason: 'no space on /var/lib/ferry/cache/0a1b2c3d (ENOSPC): about 5.0 MiB more needed, 0.0 MiB free', spaceNeededBytes: 5 * MiB };

  it('names the cloud cache and its CACHE_DIR, not the mapped datastore, in the wait and in the failure', () => {
    const wait = new CopyWait(hydrating, 5000);
    expect(wait.observe(cacheFull, T).record).toBe(
      `no space on the cloud cache (cloud-cache's CACHE_DIR) for disk 2000: about 5 MiB more needed (${cacheFull.waitingReason}); the copy goes on by itself once there is room, or fails after 5 s of waiting`,
    );
    expect(wait.observe(cacheFull, T + 5000).giveUp?.message).toBe(
      `no space on the cloud cache (cloud-cache's CACHE_DIR) for disk 2000 ([prem-ds] web-1/web-1.vmdk): the copy waited 5 s for room, about 5 MiB more is needed (${cacheFull.waitingReason}). ` +
        "Free 5 MiB in cloud-cache's CACHE_DIR (or give it a larger file system), then ferry retry mig-1",
    );
  });
});
