// Fault suite: guest-prep killed -9 while it fixes up a real Debian replica (the cached bootable image)
// after a cold migration's copy. The step must fail retryable within seconds, naming the interrupted run,
// and a retry must leave the replica as a fault-free fixup leaves it. A fixup changes the replica by design,
// so "identical" is judged on files: the crashed-and-retried replica changed exactly the paths a fault-free
// fixup of the same source changed, with the same contents (the VM's own MACs aside), and every other file,
// directory and link equals the source's.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ferry } from '@ferry/proto';
import { bootableDebianImage, diffSnapshots, snapshotTree, withReadOnlyPartition, type BootableDebianImage } from '@ferry/testing';
import { startColdMigrationEnv, type ColdMigrationEnv } from './cold-migration-env';
import { waitForEvent } from './cold-migration-checks';
import { faultVerdict, recordVerdict } from './fault-migrations';
import { expectCompleted, fixupSteps, replicaFlat, startMigration } from './fixup-migrations';
import { makeSourceVm, type SourceVm } from './source-vms';
import api = ferry.api.v1;
import mig = ferry.migration.v1;

const MiB = 1 << 20;
jest.setTimeout(600_000);

let env: ColdMigrationEnv;
let debian: BootableDebianImage;

beforeAll(async () => {
  [env, debian] = await Promise.all([startColdMigrationEnv(), bootableDebianImage()]);
}, 600_000);

afterAll(async () => {
  await env?.stop();
});

/**
 * Paths whose bytes differ between two fixups of the same source even without a fault: the progress log
 * (timestamped, and a retried run appends to what the interrupted one wrote) and the rebuilt initramfs with
 * the checksum initramfs-tools keeps of it (an image embeds its build time). Their paths must still match.
 */
const VARIES_BY_RUN = [/^var\/lib\/ferry\/fixup\/progress\.txt$/, /^boot\/initrd\.img-[^/]+$/, /^var\/lib\/initramfs-tools\/[^/]+$/];

const debianVm = async (name: string): Promise<SourceVm> => makeSourceVm(env, {
  name, diskMiB: [(await stat(debian.image)).size / MiB], cpus: 1, coresPerSocket: 1, memoryMB: 1024, firmware: 'bios', bootImage: debian.image,
});

/** `text` with each of the VM's MACs (which the fixup writes into the NIC naming, the steps and the result) as `<mac i>`. */
const withoutMacs = (text: string, vm: SourceVm): string =>
  vm.macs.reduce((out, mac, i) => out.split(mac).join(`<mac ${i}>`).split(mac.toUpperCase()).join(`<mac ${i}>`), text);

/**
 * What a fixup changed in a replica against the source image: each changed path as the snapshot describes it (type,
 * mode, owner, content hash or link target). A file that names one of the VM's MACs is described by its text with
 * the MACs masked instead of its hash, and a file whose bytes vary by run by its type, mode and owner only.
 */
async function fixupChanges(flat: string, vm: SourceVm, source: ReadonlyMap<string, string>): Promise<Record<string, string>> {
  return withReadOnlyPartition(flat, debian.partitionOffset, async (root) => {
    const entries = await snapshotTree(root);
    const changes: Record<string, string> = {};
    for (const path of diffSnapshots(source, entries)) {
      const entry = entries.get(path) ?? '(absent)';
      const withoutHash = entry.replace(/ [0-9a-f]{64}$/, '');
      if (!entry.startsWith('file ')) changes[path] = entry;
      else if (VARIES_BY_RUN.some((pattern) => pattern.test(path))) changes[path] = withoutHash;
      else {
        const text = await readFile(join(root, path), 'utf8');
        const masked = withoutMacs(text, vm);
        changes[path] = masked === text ? entry : `${withoutHash}\n${masked}`;
      }
    }
    return changes;
  });
}

it('guest-prep killed -9 mid-fixup: the step fails retryable in seconds, the restarted guest-prep releases the mounts the killed run left, and a retry leaves the replica as a fault-free fixup does', async () => {
  // The fault-free fixup of the same source, to judge the retried one against.
  const referenceVm = await debianVm('fixup-reference');
  const reference = await startMigration(env, referenceVm, 'e2e-fixup-reference');
  await waitForEvent(env, reference, ['MigrationCompleted', 'MigrationFailed'], 240_000);
  await expectCompleted(env, reference);

  const vm = await debianVm('fixup-crash');
  const id = await startMigration(env, vm, 'e2e-fixup-crash');
  // The kill follows the first fixup's FixupStarted: guest-prep has mounted the replica and bound the chroot by then.
  const watcher = await env.nats.connect();
  let killedAt = 0;
  let restartedAt = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      setTimeout(() => reject(new Error(`fixup ${id}-fixup-1 did not start within 240 s`)), 240_000).unref();
      watcher.subscribe(`ferry.evt.fixup.${id}-fixup-1`, {
        callback: (_error, message) => {
          if (killedAt || !ferry.eventstore.v1.EventBatch.decode(message.data).events.some((e) => e.type === 'FixupStarted')) return;
          killedAt = Date.now();
          env.guestPrep.kill9().then(() => env.guestPrep.restart()).then(() => { restartedAt = Date.now(); resolve(); }, reject);
        },
      });
    });
  } finally {
    await watcher.close();
  }
  expect(env.guestPrep.log()).toMatch(/released \d+ mount/);
  await waitForEvent(env, id, ['MigrationCompleted', 'MigrationFailed'], 120_000);
  const failed = await env.call<api.IGetMigrationRequest, api.Migration>('GetMigration', { migrationId: id });
  expect(mig.Phase[failed.phase]).toBe('PHASE_FAILED');
  // The appliance saw no replica holding the run and sent it again: the restarted guest-prep refused the run its
  // predecessor left unfinished.
  expect(failed.failureReason).toMatch(/-fixup-1 has \d+ event\(s\) but no end, and no guest-prep replica runs it: it was interrupted; start a new run/);
  expect(Date.now() - killedAt).toBeLessThan(60_000);
  await env.call<api.IRetryMigrationRequest, api.Migration>('RetryMigration', { migrationId: id });
  await waitForEvent(env, id, ['MigrationCompleted'], 240_000);
  const recoveryMs = Date.now() - restartedAt;
  await expectCompleted(env, id);
  // The same steps ran, none failed. Their statuses may differ: a kill that lands after some steps wrote their files
  // leaves the retry reporting those as "unchanged". The files below are what must match.
  const retriedSteps = await fixupSteps(env, id);
  const names = (steps: string[]): string[] => steps.map((step) => step.split(':')[0]!);
  expect(names(retriedSteps)).toEqual(names(await fixupSteps(env, reference)));
  expect(retriedSteps.filter((step) => /^[^:]+: failed/.test(step))).toEqual([]);

  const source = await withReadOnlyPartition(debian.image, debian.partitionOffset, (root) => snapshotTree(root));
  const expected = await fixupChanges(await replicaFlat(env, reference), referenceVm, source);
  const retried = await fixupChanges(await replicaFlat(env, id), vm, source);
  expect(Object.keys(expected)).toEqual(expect.arrayContaining(['etc/fstab', 'var/lib/ferry/fixup/result.json']));
  // The chroot's /run is a tmpfs of its own: nothing the tools wrote there is left in the replica.
  expect(Object.keys(expected).filter((p) => p.startsWith('run/'))).toEqual([]);
  const verdict = await faultVerdict(env, id, vm, JSON.stringify(retried) === JSON.stringify(expected));
  recordVerdict('guest-prep kill -9 mid-fixup (cold), restarted', verdict, recoveryMs, true, failed.failureReason);
  expect(retried).toEqual(expected);
  expect(verdict).toMatchObject({ phase: 'PHASE_COMPLETED', auditIntact: true, auditFindings: [], duplicates: 0 });
});
