// Migrate back while the VM still runs over the cache (hydration capped, so it is far from done):
// through the integrator API, real services, two vcsims and the cloud host runner booting the Debian
// guest over iSCSI. The chunks that cross are exactly those cloud-cache's written bitmap names;
// prem-manager and prem-esxi-manager are killed with kill -9 during the way back and it completes.
// guest-prep is down when the prem guest must be restored: the migration fails at that step with the
// reason and the fix, the prem VM stays off, and a retry once guest-prep is back completes it.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { verifyAudit } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { natsRequest, unaryCall } from '@ferry/service-kit';
import { bootableDebianImage, bootQemuUntilMarker, CLOUD_HOST_INITIATOR, differingChunks, extractDebianTree, qemuCompare, qemuImg, type CloudHostRunner } from '@ferry/testing';
import { powerState } from '@ferry/vsphere';
import { writtenChunksOf } from '../src/adapters/cache-volumes';
import { chapSecretFor, siteChapKey } from '../src/adapters/chap-secret';
import { chapUserFor } from '../src/orchestration/steps/warm-names';
import { eventTypes, waitForEvent } from './cold-migration-checks';
import type { ColdMigrationEnv, TransferStatus } from './cold-migration-env';
import { makeSourceVm } from './source-vms';
import { asRunningGuest, getMigration, startWarm, startWarmSite, type WarmSite } from './warm-migration-support';
import mig = ferry.migration.v1;

jest.setTimeout(25 * 60_000);

const MiB = 2 ** 20;
let site: WarmSite;
let env: ColdMigrationEnv;
let runner: CloudHostRunner;
let nc: NatsConnection;

beforeAll(async () => {
  site = await startWarmSite();
  ({ env, runner, nc } = site);
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

/**
 * Copies a cache volume's LUN 0 to a raw file with qemu-img over iSCSI and CHAP (the secret in a 0600 file, never in argv),
 * logging in as the cloud host: the volume admits only the initiators in CLOUD_HOST_INITIATORS.
 */
async function readCacheLun(iqn: string, portal: string, chapUser: string, out: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-lun-read-'));
  try {
    const secretFile = join(dir, 'chap');
    await writeFile(secretFile, chapSecretFor(siteChapKey(env.caDir), iqn), { mode: 0o600 });
    await chmod(secretFile, 0o600);
    await qemuImg('convert', '-O', 'raw', '--object', `secret,id=chap,file=${secretFile}`,
      '--image-opts', `driver=iscsi,transport=tcp,portal=${portal},target=${iqn},lun=0,user=${chapUser},password-secret=chap,initiator-name=${CLOUD_HOST_INITIATOR}`, out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('migrate back over the cache', () => {
  it('returns a VM still hydrating with exactly the chunks written in the cloud, through kill -9 of prem-manager, prem-esxi-manager and guest-prep; the prem disk boots remembering its cloud boot', async () => {
    const { image } = await bootableDebianImage();
    const root = await extractDebianTree(join(env.dir, 'back-guest-root'));
    const cloudRaw = join(env.dir, 'cloud-lun-before-back.raw');
    const vm = await makeSourceVm(env, { name: 'back-deb', diskMiB: [2048], cpus: 1, coresPerSocket: 1, memoryMB: 768, firmware: 'bios', bootImage: image });
    await asRunningGuest(env, vm, 'Debian GNU/Linux 12 (64-bit)', root);
    // 1 MiB/s: hydration is far from done when the guest is up, and the way back crosses at that rate too.
    const { migrationId } = await startWarm(env, vm, 'back-deb', undefined, { maxDiskBytesPerSecond: MiB });
    await waitForEvent(env, migrationId, ['BootedOverCache', 'MigrationFailed'], 10 * 60_000);
    await runner.waitForMarker('back-deb', 10 * 60_000);
    expect(await eventTypes(env, migrationId)).not.toContain('HydrationCompleted');
    const iqn = (await getMigration(env, migrationId)).warm?.cacheIqn ?? '';

    await env.call('MigrateBack', { migrationId, reason: 'e2e: back from the cache', undoPrep: true });
    await waitForEvent(env, migrationId, ['CloudTargetPoweredOff', 'MigrationFailed'], 5 * 60_000);
    await env.guestPrep.kill9();
    // The cloud VM is off: the cache's bitmap is final.
    const written = await writtenChunksOf(nc, iqn, 0);
    expect(written.length).toBeGreaterThan(0);
    await env.prem.kill9();
    await env.prem.restart();
    await env.esxi.kill9();
    await env.esxi.restart();
    // Without guest-prep the prem guest cannot be restored: failed at that step, retryable, naming the fix; the prem VM stays off.
    await waitForEvent(env, migrationId, ['MigratedBack', 'MigrationFailed'], 10 * 60_000);
    const failed = await getMigration(env, migrationId);
    expect({ phase: mig.Phase[failed.phase], retryable: failed.retryable }).toEqual({ phase: 'PHASE_FAILED', retryable: true });
    expect(await eventTypes(env, migrationId)).not.toContain('PremGuestRestored');
    expect(failed.failureReason).toMatch(/guest-prep did not take the restore of the prem guest .*start the guest-prep service .*then retry the migration/);
    expect(await powerState(env.premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOff');
    // Meanwhile the cloud disk is final and still served: read the whole LUN over iSCSI as the cloud host would.
    await readCacheLun(iqn, (await getMigration(env, migrationId)).warm?.cachePortal ?? '', chapUserFor(migrationId), cloudRaw);
    await env.guestPrep.restart();
    await env.call('RetryMigration', { migrationId });
    await waitForEvent(env, migrationId, ['MigratedBack'], 10 * 60_000);
    const done = await getMigration(env, migrationId);
    if (done.phase !== mig.Phase.PHASE_MIGRATED_BACK) process.stderr.write(`${env.appliance.log().split('\n').slice(-60).join('\n')}\n`);
    expect({ phase: mig.Phase[done.phase], reason: done.failureReason }).toEqual({ phase: 'PHASE_MIGRATED_BACK', reason: '' });

    const diskKey = done.disks[0]?.diskKey ?? '';
    const transfer = await unaryCall<object, TransferStatus>(env.shipper, 'GetTransfer', { migrationId, diskId: diskKey, generation: 2 });
    expect(Number(transfer.chunksSent)).toBe(written.length);
    expect(Number(done.back?.chunksShipped)).toBe(written.length);
    // Asked to undo the preparation: the prem disk records none (this harness prepares a separate guest root), so nothing changed.
    expect(done.back?.undoPrep).toBe(true);
    expect(done.back?.restoreSteps?.slice(1)).toEqual([
      'network: unchanged - the network files are as captured at preparation (4 file(s))',
      'undo-prep: unchanged - no preparation is recorded on the prem disk (/opt/ferry/prep/state/backup/manifest.tsv is absent): nothing to undo',
    ]);
    process.stdout.write(`migrate back over the cache: ${written.length} written chunks shipped (${Number(transfer.wireBytes)} wire bytes, ${transfer.sessions} sessions); downtime ${Number(done.back?.downtimeMillis)} ms\n`);

    // The prem disk equals the cloud disk, and is the source with some of the written chunks changed, nothing else.
    expect((await qemuCompare(vm.diskFiles[0]!, cloudRaw, { a: 'vmdk', b: 'raw' })).identical).toBe(true);
    const premFlat = vm.diskFiles[0]!.replace(/\.vmdk$/, '-flat.vmdk');
    const changed = await differingChunks(image, premFlat, MiB);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((index) => written.includes(index))).toBe(true);
    // The cache volume is gone; the prem VM runs, the cloud VM is off.
    await expect(natsRequest(nc, 'ferry.cmd.cloud-cache.describe-volume', ferry.cache.v1.DescribeVolumeRequest.create({ iqn }))).rejects.toThrow(/not|no volume/i);
    expect(await powerState(env.premVc, { type: 'VirtualMachine', value: vm.moref })).toBe('poweredOn');
    const copy = join(env.dir, 'prem-after-back.raw');
    await qemuImg('convert', '-O', 'raw', vm.diskFiles[0]!, copy);
    const boot = await bootQemuUntilMarker({ disk: copy, until: 'FERRY-BOOT-END', memoryMiB: 768, timeoutMs: 10 * 60_000 });
    expect(/FERRY-BOOTS (\d+)/.exec(boot.console)?.[1]).toBe('2');
    const types = await eventTypes(env, migrationId);
    const back = ['MigrateBackRequested', 'CloudTargetPoweredOff', 'ShippedBack', 'MigrationFailed', 'MigrationRetried', 'PremGuestRestored', 'MigratedBack'];
    expect(types.filter((t) => back.includes(t))).toEqual(back);
    expect((await verifyAudit(nc)).intact).toBe(true);
  });
});
