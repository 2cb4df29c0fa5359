// The integrator API and the ferry CLI while the event store is unreachable (issue 21, item 4).
//
// The built appliance runs on a nats-server of its own (no inventory, no vCenters: it only reads and
// writes migrations here). nats-server is killed with SIGKILL: calls that need the store answer
// UNAVAILABLE within 2 s naming NATS, the CLI says so with exit 4, and the same calls succeed once
// nats-server is back on the same port. A second case runs the same API code in this process over a
// TCP relay to nats-server that stops forwarding: a link that looks open but carries nothing.
import { spawn } from 'node:child_process';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Metadata, status as GrpcStatus, type Client, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { connect, type NatsConnection } from 'nats';
import { handleCommand, JetStreamEventStore } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { makeTempDir, startApplianceWithAccess, startNats, type ApiAccess, type NatsHandle, type ServiceHandle } from '@ferry/testing';
import { inventoryClient, type Inventory } from '../src/api';
import { migrationCodec, migrationDecider, migrationStream, type MigrationCommand } from '../src/migration';
import { cmd } from './fixtures/migration';
import { startLocalApi, type LocalApi } from './local-api';

import api = ferry.api.v1;

jest.setTimeout(120_000);

const CLI = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'src', 'main.js');
const MIGRATION = 'outage-1';

let nats: NatsHandle;
let appliance: ServiceHandle;
let connection: NatsConnection;
let address: string;
let access: ApiAccess;
let temp: { dir: string; cleanup: () => Promise<void> };

/** Appends one command's events to MIGRATION in the appliance's store (FERRY_EVENTS), as the orchestration would. */
async function send(store: JetStreamEventStore, command: MigrationCommand): Promise<void> {
  const commandId = `${MIGRATION}:${command.data.meta.commandId}`;
  const withId = { ...command, data: { ...command.data, meta: { ...command.data.meta, migrationId: MIGRATION, commandId } } } as MigrationCommand;
  await handleCommand(store, migrationStream(MIGRATION), migrationDecider, migrationCodec, withId, {
    commandId, actor: 'service:appliance', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', occurredAt: new Date(withId.data.meta.at),
  });
}

/** A unary call with a 20 s deadline: the answer or the gRPC error, and how long it took. */
async function timed<Req>(client: Client, method: string, request: Req): Promise<{ ms: number; error?: ServiceError; reply?: unknown }> {
  const fn = (client as unknown as Record<string, (r: Req, m: Metadata, o: object, cb: (e: ServiceError | null, v?: unknown) => void) => void>)[method]!;
  const started = Date.now();
  return new Promise((resolve) =>
    fn.call(client, request, new Metadata(), { deadline: Date.now() + 20_000 }, (error, reply) => resolve({ ms: Date.now() - started, ...(error ? { error } : { reply }) })),
  );
}

/** WatchMigration until its first message or its error, and how long that took. */
function firstWatchAnswer(client: Client, migrationId: string): Promise<{ ms: number; error?: ServiceError }> {
  const open = (client as unknown as Record<string, (r: api.IWatchMigrationRequest, m: Metadata) => ClientReadableStream<api.MigrationUpdate>>)['WatchMigration']!;
  const started = Date.now();
  const call = open.call(client, { migrationId }, new Metadata());
  return new Promise((resolve) => {
    call.on('data', () => {
      resolve({ ms: Date.now() - started });
      call.cancel();
    });
    call.on('error', (error: ServiceError) => resolve({ ms: Date.now() - started, error }));
  });
}

/** Runs the built CLI; asynchronously, so an API server in this process keeps answering. */
function ferryCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...access.cliEnv('operator') } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

/** Calls `method` until it succeeds; returns how long that took. */
async function untilServed<Req>(client: Client, method: string, request: Req, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const answer = await timed(client, method, request);
    if (!answer.error) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`${method} still fails after ${withinMs} ms: ${answer.error.code} ${answer.error.details}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  nats = await startNats();
  temp = await makeTempDir('ferry-outage-e2e-');
  ({ appliance, api: access } = await startApplianceWithAccess({ NATS_URL: nats.url, API_HOST: '127.0.0.1' }, temp.dir));
  address = access.address;
  connection = await nats.connect('appliance', { maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  // The appliance made FERRY_EVENTS at start; this opens the same stream with the same defaults.
  const store = await JetStreamEventStore.open(connection);
  for (const c of [cmd.plan(1), cmd.validate(2)]) await send(store, c);
});

afterAll(async () => {
  await connection?.close();
  await appliance?.stop();
  await nats?.stop();
  await temp?.cleanup();
});

describe('the built appliance while nats-server is killed and restarted', () => {
  let client: Client;
  beforeAll(() => (client = access.client('operator')));
  afterAll(() => client?.close());

  it('answers UNAVAILABLE naming NATS within 2 s, the CLI shows that with exit 4, and serves again once NATS is back', async () => {
    expect((await timed(client, 'GetMigration', { migrationId: MIGRATION })).error).toBeUndefined();

    // No pause after the kill: a call may start before the appliance has noticed; the disconnect ends it then.
    await nats.kill9();

    const figures: Record<string, number> = {};
    for (const [method, request] of [
      ['GetMigration', { migrationId: MIGRATION }],
      ['ListMigrationEvents', { migrationId: MIGRATION }],
      ['CancelMigration', { migrationId: MIGRATION, reason: 'during the outage' }],
      ['GetPlan', { planId: 'plan-1' }],
    ] as const) {
      const answer = await timed(client, method, request);
      figures[method] = answer.ms;
      expect({ method, code: answer.error?.code }).toEqual({ method, code: GrpcStatus.UNAVAILABLE });
      expect(answer.error?.details).toContain(`the event store (NATS JetStream at ${nats.url}) is unreachable`);
      expect(answer.error?.details).toContain('the appliance retries; try again shortly');
      expect(answer.ms).toBeLessThan(2000);
    }
    const watched = await firstWatchAnswer(client, MIGRATION);
    figures['WatchMigration'] = watched.ms;
    expect(watched.error?.code).toBe(GrpcStatus.UNAVAILABLE);
    expect(watched.error?.details).toContain('NATS JetStream');
    expect(watched.ms).toBeLessThan(2000);

    const events = await ferryCli('events', MIGRATION, '--appliance', address);
    figures['ferry events (process)'] = events.ms;
    expect(events.code).toBe(4);
    expect(events.stderr).toContain(`ferry: UNAVAILABLE from the appliance at ${address}: the event store (NATS JetStream at ${nats.url}) is unreachable`);
    expect(events.stderr).not.toContain('cannot reach');
    process.stdout.write(`ferry events during the outage (exit ${events.code}): ${events.stderr}`);
    const asJson = await ferryCli('watch', MIGRATION, '--appliance', address, '--json');
    expect(asJson.code).toBe(4);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ error: { code: 'UNAVAILABLE', exitCode: 4, message: expect.stringContaining('NATS JetStream') } });
    const nowhere = await ferryCli('events', MIGRATION, '--appliance', '127.0.0.1:1');
    expect(nowhere.code).toBe(3);
    expect(nowhere.stderr).toContain('cannot reach the appliance at 127.0.0.1:1');

    const restartedAt = Date.now();
    await nats.restart();
    figures['nats-server restart'] = Date.now() - restartedAt;
    figures['GetMigration served again after restart'] = await untilServed(client, 'GetMigration', { migrationId: MIGRATION }, 20_000);
    const listed = await timed(client, 'ListMigrationEvents', { migrationId: MIGRATION });
    expect(listed.error).toBeUndefined();
    expect((listed.reply as api.ListMigrationEventsResponse).events.map((e) => e.typeName)).toEqual(['MigrationPlanned', 'MigrationValidated']);
    const back = await ferryCli('events', MIGRATION, '--appliance', address);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('MigrationValidated');
    process.stdout.write(`store outage figures (ms): ${JSON.stringify(figures)}\n`);
  });
});

/** A TCP relay to nats-server that can stop forwarding both ways while keeping every socket open. */
async function startRelay(target: number): Promise<{ port: number; silence(): void; resume(): void; close(): Promise<void> }> {
  const pairs = new Set<[Socket, Socket]>();
  let silent = false;
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(target, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    if (silent) for (const s of pair) s.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    silence: () => {
      silent = true;
      for (const pair of pairs) for (const s of pair) s.pause();
    },
    resume: () => {
      silent = false;
      for (const pair of pairs) for (const s of pair) s.resume();
    },
    close: async () => {
      for (const pair of pairs) for (const s of pair) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the API over a NATS link that goes silent (in-process API server through a TCP relay)', () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let relayed: NatsConnection;
  let inventory: Inventory;
  let local: LocalApi;
  let client: Client;

  beforeAll(async () => {
    relay = await startRelay(nats.port);
    relayed = await connect({ ...(await nats.connectionOptions('appliance')), servers: `nats://127.0.0.1:${relay.port}`, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    inventory = inventoryClient('127.0.0.1:1'); // not called: these are store calls
    local = await startLocalApi({ store: await JetStreamEventStore.open(relayed), inventory }, temp.dir, { appliance, access });
    client = local.access.client('operator');
  });

  afterAll(async () => {
    client?.close();
    await local?.close();
    inventory?.close();
    relay?.resume();
    await relayed?.close();
    await relay?.close();
  });

  it('answers UNAVAILABLE within 2 s when nothing comes back on an open link, and serves again when it does', async () => {
    await untilServed(client, 'GetMigration', { migrationId: MIGRATION }, 20_000);
    relay.silence();
    const answer = await timed(client, 'GetMigration', { migrationId: MIGRATION });
    expect(answer.error?.code).toBe(GrpcStatus.UNAVAILABLE);
    expect(answer.error?.details).toMatch(/^the event store \(NATS JetStream at nats:\/\/127\.0\.0\.1:\d+\) is unreachable \(no answer to a ping within 1200 ms\); the appliance retries; try again shortly$/);
    expect(answer.ms).toBeLessThan(2000);
    relay.resume();
    const again = await timed(client, 'GetMigration', { migrationId: MIGRATION });
    expect(again.error).toBeUndefined();
    expect((again.reply as api.Migration).id).toBe(MIGRATION);
    process.stdout.write(`silent link: UNAVAILABLE after ${answer.ms} ms, served ${again.ms} ms after the link resumed\n`);
  });
});
