// WatchMigration and the ferry watch/migrate/cancel/retry commands.
//
// Two appliance API servers share one nats-server: the built appliance service (with the inventory
// service and a vcsim pair) for `ferry migrate`, and the same API server code in this process over an
// event stream of its own. Events this test appends by hand go only to the latter, so the built
// appliance's orchestration never acts on (and races with) them.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Metadata, type Client, type ClientReadableStream } from '@grpc/grpc-js';
import { connect, type NatsConnection } from 'nats';
import { handleCommand, JetStreamEventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { makeTempDir, startApplianceWithAccess, startPlainNats, startService, startVcsimPair, vcenterEnv, type ApiAccess, type NatsHandle, type ServiceHandle, type VcsimPair } from '@ferry/testing';
import { inventoryClient, type Inventory } from '../src/api';
import { migrationCodec, migrationDecider, migrationStream, Step, type MigrationCommand } from '../src/migration';
import { cmd, T0 } from './fixtures/migration';
import { startLocalApi, type LocalApi } from './local-api';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

jest.setTimeout(180_000);

const CLI = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js');
const GiB = 2 ** 30;

let nats: NatsHandle;
let pair: VcsimPair;
let inventory: ServiceHandle;
let appliance: ServiceHandle;
let connection: NatsConnection;
let store: JetStreamEventStore;
let inventoryGateway: Inventory;
let local: LocalApi;
let client: Client;
let localAddress: string;
let applianceAccess: ApiAccess;
let temp: { dir: string; cleanup: () => Promise<void> };

/** Appends one command's events to migration `id` in the local server's store, as the orchestration would. */
async function send(id: string, command: MigrationCommand): Promise<void> {
  const withId = { ...command, data: { ...command.data, meta: { ...command.data.meta, migrationId: id, commandId: `${id}:${command.data.meta.commandId}` } } } as MigrationCommand;
  await handleCommand(store, migrationStream(id), migrationDecider, migrationCodec, withId, {
    commandId: withId.data.meta.commandId, actor: 'service:appliance', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', occurredAt: new Date(withId.data.meta.at),
  });
}

/** Opens WatchMigration; `next()` resolves with each update in turn, `ended` once the server ends the stream. */
function watch(migrationId: string) {
  const fn = (client as unknown as Record<string, (r: api.IWatchMigrationRequest, m: Metadata) => ClientReadableStream<api.MigrationUpdate>>)['WatchMigration']!;
  const call = fn.call(client, { migrationId }, new Metadata());
  const received: api.MigrationUpdate[] = [];
  let wake: (() => void) | undefined;
  call.on('data', (u: api.MigrationUpdate) => {
    received.push(u);
    wake?.();
  });
  const ended = new Promise<void>((resolve, reject) => {
    call.on('end', resolve);
    call.on('error', reject);
  });
  const waitFor = async (count: number) => {
    while (received.length < count) await new Promise<void>((r) => (wake = r));
  };
  return { received, ended, waitFor, cancel: () => call.cancel() };
}

/**
 * Runs the built CLI with --json against `address`. Asynchronously: the local API server lives in this
 * process, and spawnSync would block the event loop it answers on.
 */
function ferryCli(address: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // The operator of whichever API `address` is (the built appliance's or the local one), over TLS from its site CA.
  const access = address === localAddress ? local.access : applianceAccess;
  const child = spawn(process.execPath, [CLI, ...args, '--json'], { env: { ...process.env, ...access.cliEnv('operator'), FERRY_APPLIANCE: address } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as { snapshot?: { phase: string; failureReason?: string }; progress?: { diskKey: string } });

beforeAll(async () => {
  // A bare server: this test keeps its own stream (WATCH_E2E_EVENTS) next to the appliance's, which no service identity may create.
  [nats, pair] = await Promise.all([startPlainNats(), startVcsimPair({ prem: { model: { vmsPerPool: 1 } } })]);
  temp = await makeTempDir('ferry-watch-e2e-');
  inventory = await startService('inventory', { NATS_URL: nats.url, API_HOST: '127.0.0.1', CA_DIR: join(temp.dir, 'site-ca'), ...vcenterEnv('PREM', pair.prem), ...vcenterEnv('CLOUD', pair.cloud) });
  ({ appliance, api: applianceAccess } = await startApplianceWithAccess({ NATS_URL: nats.url, API_HOST: '127.0.0.1', INVENTORY_API_URL: `127.0.0.1:${inventory.ports.API_PORT}` }, temp.dir));
  connection = await connect({ servers: nats.url });
  store = await JetStreamEventStore.open(connection, { streamName: 'WATCH_E2E_EVENTS', subjectPrefix: 'watch-e2e.evt' });
  inventoryGateway = inventoryClient(`127.0.0.1:${inventory.ports.API_PORT}`);
  local = await startLocalApi({ store, inventory: inventoryGateway }, join(temp.dir, 'local'));
  localAddress = local.access.address;
  client = local.access.client('viewer');
});

afterAll(async () => {
  client?.close();
  await local?.close();
  inventoryGateway?.close();
  await connection?.close();
  await appliance?.stop();
  await inventory?.stop();
  await pair?.stop();
  await nats?.stop();
  await temp?.cleanup();
});

describe('WatchMigration', () => {
  it('sends the current state, then every phase change and disk progress with rate and ETA in order, and ends at completion', async () => {
    const id = 'watch-complete';
    await send(id, cmd.plan(1));
    await send(id, cmd.validate(2));
    const w = watch(id);
    await w.waitFor(1);
    expect(w.received[0]!.snapshot?.phase).toBe(mig.Phase.PHASE_VALIDATED);
    expect(w.received[0]!.snapshot?.disks?.map((d) => [d.diskKey, Number(d.etaSeconds)])).toEqual([['2000', -1], ['2001', -1]]);

    // Disk 2000 (8 GiB) starts at T0+4 s and is 4 GiB in at T0+8 s: 1 GiB/s, 4 s to go.
    for (const c of [cmd.poweredOff(3), cmd.startCopy(4, '2000'), cmd.startCopy(5, '2001'), cmd.progress(8, '2000', 4 * GiB), cmd.completeCopy(10, '2000'),
      cmd.completeCopy(11, '2001'), cmd.targetCreated(12), cmd.fixup(13), cmd.poweredOn(14), cmd.complete(15)]) await send(id, c);
    await w.ended;

    const phases = w.received.filter((u) => u.snapshot).map((u) => mig.Phase[u.snapshot!.phase ?? 0]);
    expect(phases).toEqual(['PHASE_VALIDATED', 'PHASE_SOURCE_POWERED_OFF', 'PHASE_COPYING_DISKS', 'PHASE_DISKS_COPIED', 'PHASE_TARGET_CREATED', 'PHASE_FIXED_UP', 'PHASE_TARGET_POWERED_ON', 'PHASE_COMPLETED']);
    const progress = w.received.filter((u) => u.progress).map((u) => ({
      disk: u.progress!.diskKey, done: Number(u.progress!.bytesCopied), rate: u.progress!.rateBytesPerSecond, eta: Number(u.progress!.etaSeconds), at: Number(u.at?.unixMillis) - T0,
    }));
    expect(progress).toEqual([
      { disk: '2000', done: 0, rate: 0, eta: -1, at: 4000 },
      { disk: '2001', done: 0, rate: 0, eta: -1, at: 5000 },
      { disk: '2000', done: 4 * GiB, rate: GiB, eta: 4, at: 8000 },
      { disk: '2000', done: 8 * GiB, rate: (8 * GiB * 1000) / 6000, eta: 0, at: 10_000 },
      { disk: '2001', done: 2 * GiB, rate: (2 * GiB * 1000) / 6000, eta: 0, at: 11_000 },
    ]);
    const last = w.received.at(-1)!;
    expect(last.snapshot?.phase).toBe(mig.Phase.PHASE_COMPLETED);
    expect(last.snapshot?.disks?.map((d) => Number(d.bytesCopied))).toEqual([8 * GiB, 2 * GiB]);
  });

  it('refuses an unknown migration with NOT_FOUND and a malformed id with INVALID_ARGUMENT', async () => {
    await expect(watch('no-such-migration').ended).rejects.toMatchObject({ code: 5, details: expect.stringContaining('no-such-migration') });
    await expect(watch('bad id!').ended).rejects.toMatchObject({ code: 3, details: expect.stringContaining('migration_id') });
  });
});

describe('ferry watch, cancel and retry (built CLI, --json)', () => {
  it('watch prints one JSON object per update and exits 1 when the migration fails; retry resumes it; cancel ends it; watch of a completed one exits 0', async () => {
    const id = 'watch-cli';
    for (const c of [cmd.plan(1), cmd.validate(2), cmd.poweredOff(3), cmd.startCopy(4, '2000')]) await send(id, c);
    const child = spawn(process.execPath, [CLI, 'watch', id, '--json'], { env: { ...process.env, ...local.access.cliEnv('viewer') } });
    let stdout = '';
    const firstLine = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), stdout.includes('\n') && resolve())));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await firstLine;
    await send(id, cmd.progress(6, '2000', 2 * GiB));
    await send(id, cmd.fail(7, Step.CopyDisks, 'interconnect to cloud-manager lost; check the link and retry'));
    expect(await exited).toBe(1);
    const updates = lines(stdout);
    expect(updates[0]!.snapshot?.phase).toBe('PHASE_COPYING_DISKS');
    expect(updates.some((u) => u.progress?.diskKey === '2000')).toBe(true);
    expect(updates.at(-1)!.snapshot).toMatchObject({ phase: 'PHASE_FAILED', failureReason: expect.stringContaining('interconnect') });

    const retried = await ferryCli(localAddress, 'retry', id);
    expect(retried.code).toBe(0);
    expect((JSON.parse(retried.stdout) as { phase: string }).phase).toBe('PHASE_COPYING_DISKS');
    const again = await ferryCli(localAddress, 'retry', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not failed');

    const cancelled = await ferryCli(localAddress, 'cancel', id, '--reason', 'e2e: operator stops it');
    expect(cancelled.code).toBe(0);
    expect((JSON.parse(cancelled.stdout) as { phase: string }).phase).toBe('PHASE_CANCELLED');
    const watchCancelled = await ferryCli(localAddress, 'watch', id);
    expect(watchCancelled.code).toBe(1);
    expect(lines(watchCancelled.stdout).map((u) => u.snapshot?.phase)).toEqual(['PHASE_CANCELLED']);

    const done = await ferryCli(localAddress, 'watch', 'watch-complete');
    expect(done.code).toBe(0);
    expect(lines(done.stdout).map((u) => u.snapshot?.phase)).toEqual(['PHASE_COMPLETED']);
    expect((await ferryCli(localAddress, 'watch', 'nope')).code).toBe(1);
    expect((await ferryCli('127.0.0.1:1', 'watch', id)).code).toBe(3);
  });

  it('migrate --cold creates and starts a one-VM plan on the built appliance and prints the migration id; cancel stops it', async () => {
    const deadline = Date.now() + 30_000;
    let vms: { ref: { moref: string }; disks: { datastorePath: string }[] }[] = [];
    while (vms.length === 0 && Date.now() < deadline) {
      vms = (JSON.parse((await ferryCli(`127.0.0.1:${appliance.ports.API_PORT}`, 'vms')).stdout) as { vms: typeof vms }).vms ?? [];
      if (vms.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    const vm = vms[0]!;
    const datastores = [...new Set(vm.disks.map((d) => /^\[([^\]]+)\]/.exec(d.datastorePath)?.[1] ?? ''))];
    const address = `127.0.0.1:${appliance.ports.API_PORT}`;
    const usage = await ferryCli(address, 'migrate', vm.ref.moref);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--cold');
    const started = await ferryCli(address, 'migrate', vm.ref.moref, '--cold', ...datastores.flatMap((d) => ['--storage', `${d}=${d}`]), '--datacenter', 'DC0', '--max-disk-rate', '5');
    expect(started.code).toBe(0);
    const { planId, migrationId } = JSON.parse(started.stdout) as { planId: string; migrationId: string };
    expect(planId).toBeTruthy();
    const plan = JSON.parse((await ferryCli(address, 'plan', 'show', planId)).stdout) as { migrationIds: string[]; vms: { moref: string }[]; maxDiskBytesPerSecond: string | number };
    expect({ migrations: plan.migrationIds, vms: plan.vms.map((v) => v.moref), rate: Number(plan.maxDiskBytesPerSecond) }).toEqual({ migrations: [migrationId], vms: [vm.ref.moref], rate: 5 * 2 ** 20 });

    expect((await ferryCli(address, 'cancel', migrationId)).code).toBe(0);
    const watched = await ferryCli(address, 'watch', migrationId);
    expect(watched.code).toBe(1);
    expect(lines(watched.stdout).at(-1)!.snapshot?.phase).toBe('PHASE_CANCELLED');
  });
});
