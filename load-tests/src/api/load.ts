// The load bench:api puts on a ferry.api.v1.Ferry server (the appliance, or the peer): closed-loop
// unary callers, a paced probe, and many WatchMigration streams held open on a few connections.
import { performance } from 'node:perf_hooks';
import type { ChannelCredentials, Client, ClientReadableStream } from '@grpc/grpc-js';
import { cpuBetween, cpuSnapshot } from '../warm/cpu';
import { latencySummary } from '../warm/read-plan';
import { apiChannels, callUnary, describeError, openStream } from './calls';
import { sampleRss, type RssFigures } from './rss';

export type Latency = ReturnType<typeof latencySummary>;

/** Deadline of one unary call of the load. */
const CALL_DEADLINE_MS = 10_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Failed calls by what they answered: the first few kinds are kept. */
class ErrorTally {
  count = 0;
  readonly kinds: Record<string, number> = {};
  add(what: string): void {
    this.count++;
    if (what in this.kinds || Object.keys(this.kinds).length < 5) this.kinds[what] = (this.kinds[what] ?? 0) + 1;
  }
}

/** One unary method under load. */
export interface UnaryFigures {
  method: string;
  concurrency: number;
  channels: number;
  seconds: number;
  /** Calls answered OK. */
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  perSecond: number;
  /** Of the calls answered OK, ms. */
  latency: Latency;
  /** CPU-seconds the server process used over the run. */
  serverCpuS: number;
}

/**
 * `concurrency` callers, each calling `method` back to back for `seconds` (caller i on client
 * i mod clients): how many calls, their latency, their errors.
 */
export async function unaryLoad(options: { clients: readonly Client[]; method: string; request: (i: number) => object; concurrency: number; seconds: number; serverPid: number }): Promise<UnaryFigures> {
  const { clients, method, request, concurrency, seconds, serverPid } = options;
  const ms: number[] = [];
  const errors = new ErrorTally();
  const cpu0 = await cpuSnapshot({ server: serverPid });
  const started = performance.now();
  const until = started + seconds * 1000;
  let sent = 0;
  const caller = async (w: number): Promise<void> => {
    const client = clients[w % clients.length]!;
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        await callUnary(client, method, request(sent++), CALL_DEADLINE_MS);
        ms.push(performance.now() - t0);
      } catch (error) {
        errors.add(describeError(error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => caller(w)));
  const wall = (performance.now() - started) / 1000;
  const cpu = cpuBetween(cpu0, await cpuSnapshot({ server: serverPid }));
  return {
    method, concurrency, channels: clients.length, seconds: Math.round(wall * 10) / 10,
    ok: ms.length, errors: errors.count, errorKinds: errors.kinds, perSecond: Math.round(ms.length / wall),
    latency: latencySummary(ms), serverCpuS: cpu.byProcessS.server ?? 0,
  };
}

/** A paced caller: what it saw. */
export interface ProbeFigures {
  method: string;
  everyMs: number;
  latency: Latency;
  errors: number;
  errorKinds: Record<string, number>;
}

/** Calls `method` every `everyMs` (or right after the previous answer, when that took longer) on its own client until stop(). */
export function startProbe(client: Client, method: string, request: object, everyMs: number): { stop(): Promise<ProbeFigures> } {
  const ms: number[] = [];
  const errors = new ErrorTally();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        await callUnary(client, method, request, CALL_DEADLINE_MS);
        ms.push(performance.now() - t0);
      } catch (error) {
        errors.add(describeError(error));
      }
      const left = everyMs - (performance.now() - t0);
      if (left > 0 && !stopped) await sleep(left);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { method, everyMs, latency: latencySummary(ms), errors: errors.count, errorKinds: errors.kinds };
    },
  };
}

/** One step of held WatchMigration streams. */
export interface WatchFigures {
  streams: number;
  channels: number;
  holdS: number;
  /** Streams that received their first snapshot. */
  snapshots: number;
  /** From opening a stream to its first snapshot, ms. */
  firstSnapshot: Latency;
  /** Seconds from opening the first stream until every one had its snapshot (or failed). */
  openAllS: number;
  /** Streams that failed: an error status, an end by the server, or no snapshot within the timeout. */
  errors: number;
  errorKinds: Record<string, number>;
  /** Streams open (with their snapshot) when the hold ended. */
  openAtEnd: number;
  /** Messages after the first snapshot (the migrations do not change: expected 0). */
  updates: number;
  /** The server's VmRSS from the first stream opened until 2 s after the last was cancelled. */
  rss: RssFigures;
  /** CPU-seconds the server process used over the step. */
  serverCpuS: number;
  probe?: ProbeFigures;
}

interface HeldStream {
  readonly call: ClientReadableStream<unknown>;
  snapshot: boolean;
  failed: boolean;
}

/**
 * Opens `streams` WatchMigration streams at once on `channels` connections (stream i watches
 * migrationIds[i mod n] on connection i mod channels), waits for each one's first snapshot, holds
 * them `holdS` seconds (running `probe` meanwhile, on a connection of its own) and cancels them.
 */
export async function watchLoad(options: {
  address: string;
  /** TLS and the caller's credential (api-access.ts). */
  credentials: ChannelCredentials;
  channels: number;
  streams: number;
  holdS: number;
  migrationIds: readonly string[];
  serverPid: number;
  snapshotTimeoutS: number;
  probe?: { method: string; request: object; everyMs: number };
}): Promise<WatchFigures> {
  const { address, channels, streams, holdS, migrationIds, serverPid } = options;
  const clients = apiChannels(address, channels, options.credentials);
  const probeClient = options.probe ? apiChannels(address, 1, options.credentials)[0] : undefined;
  const rss = sampleRss(serverPid);
  const cpu0 = await cpuSnapshot({ server: serverPid });
  const errors = new ErrorTally();
  const ttfs: number[] = [];
  const held: HeldStream[] = [];
  let closing = false;
  let settled = 0;
  let updates = 0;
  let wake: (() => void) | undefined;
  const fail = (stream: HeldStream, why: string): void => {
    if (stream.failed) return;
    stream.failed = true;
    errors.add(why);
    if (!stream.snapshot) settled++;
    wake?.();
  };
  try {
    const opened = performance.now();
    for (let i = 0; i < streams; i++) {
      const t0 = performance.now();
      const call = openStream(clients[i % channels]!, 'WatchMigration', { migrationId: migrationIds[i % migrationIds.length] });
      const stream: HeldStream = { call, snapshot: false, failed: false };
      held.push(stream);
      call.on('data', () => {
        if (stream.snapshot) {
          updates++;
          return;
        }
        stream.snapshot = true;
        ttfs.push(performance.now() - t0);
        if (!stream.failed) settled++;
        wake?.();
      });
      call.on('error', (error: unknown) => {
        if (!closing) fail(stream, describeError(error));
      });
      call.on('end', () => {
        if (!closing) fail(stream, stream.snapshot ? 'the server ended the stream' : 'the server ended the stream before a snapshot');
      });
    }
    const timeoutAt = opened + options.snapshotTimeoutS * 1000;
    while (settled < streams && performance.now() < timeoutAt) {
      await Promise.race([new Promise<void>((r) => (wake = r)), sleep(250)]);
    }
    wake = undefined;
    const openAllS = (performance.now() - opened) / 1000;
    for (const stream of held) if (!stream.snapshot && !stream.failed) fail(stream, `no first snapshot within ${options.snapshotTimeoutS} s`);

    const probe = options.probe && probeClient ? startProbe(probeClient, options.probe.method, options.probe.request, options.probe.everyMs) : undefined;
    await sleep(holdS * 1000);
    const probeFigures = await probe?.stop();
    const openAtEnd = held.filter((s) => s.snapshot && !s.failed).length;

    closing = true;
    for (const stream of held) stream.call.cancel();
    await sleep(2000); // let the server see the cancels and release what each watch held
    const cpu = cpuBetween(cpu0, await cpuSnapshot({ server: serverPid }));
    return {
      streams, channels, holdS,
      snapshots: ttfs.length, firstSnapshot: latencySummary(ttfs), openAllS: Math.round(openAllS * 100) / 100,
      errors: errors.count, errorKinds: errors.kinds, openAtEnd, updates,
      rss: await rss.stop(), serverCpuS: cpu.byProcessS.server ?? 0,
      ...(probeFigures ? { probe: probeFigures } : {}),
    };
  } finally {
    closing = true;
    for (const stream of held) stream.call.cancel();
    await rss.stop();
    for (const client of clients) client.close();
    probeClient?.close();
  }
}
