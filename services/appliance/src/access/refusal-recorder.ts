// Records refused calls in the security stream without letting a flood fill the event store: refusals
// are counted in memory and written once per flush window, identical ones (same RPC, code, principal,
// client host and reason) as one CallRefused with a repeat count, at most `maxDistinct` of them per
// window and the rest folded into one more. So the stream grows by at most maxDistinct + 1 events per
// window whatever the callers do (docs/security.md has the figures).
import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '@ferry/errors';
import type { EventStore } from '@ferry/event-store';
import { refusalCodec } from './access-codec';
import { refusalsStreamOf, type Refusal, type RefusalEvent } from './refusal-events';

export interface RefusalRecorderOptions {
  readonly flushMs: number;
  readonly maxDistinct: number;
  readonly clock?: () => number;
  readonly log?: (line: string) => void;
}

interface Pending {
  readonly refusal: Refusal;
  readonly firstAt: number;
  lastAt: number;
  repeats: number;
}

const MAX_REASON = 300;
/** Where refusals past maxDistinct in one window are folded. */
const OTHERS = 'more distinct refusals than SECURITY_MAX_DISTINCT in one window; see the appliance log for the calls';

/** The client's host without its port: each connection has its own port, so a flood would make every refusal distinct. */
export function hostOf(peer: string): string {
  const bracketed = /^\[([^\]]+)\]:\d+$/.exec(peer) ?? /^ipv6:\[([^\]]+)\]:\d+$/.exec(peer);
  if (bracketed?.[1]) return bracketed[1];
  const v4 = /^(?:ipv4:)?([^:]+):\d+$/.exec(peer);
  return v4?.[1] ?? peer;
}

export class RefusalRecorder {
  private pending = new Map<string, Pending>();
  private folded: Pending | undefined;
  private readonly versions = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly clock: () => number;

  constructor(
    private readonly store: EventStore,
    private readonly options: RefusalRecorderOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** Counts one refused call; it is stored at the next flush. */
  record(refusal: Refusal): void {
    const now = this.clock();
    const entry = { ...refusal, peer: hostOf(refusal.peer), reason: refusal.reason.slice(0, MAX_REASON) };
    const key = JSON.stringify([entry.rpc, entry.code, entry.principal, entry.peer, entry.reason]);
    const known = this.pending.get(key);
    if (known) {
      known.repeats++;
      known.lastAt = now;
    } else if (this.pending.size < this.options.maxDistinct) {
      this.pending.set(key, { refusal: entry, firstAt: now, lastAt: now, repeats: 1 });
    } else if (this.folded) {
      this.folded.repeats++;
      this.folded.lastAt = now;
    } else {
      this.folded = { refusal: { rpc: '*', code: entry.code, principal: '', peer: '*', reason: OTHERS }, firstAt: now, lastAt: now, repeats: 1 };
    }
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }

  /** Writes what is pending now (also called on shutdown). A failed write keeps it for the next try. */
  async flush(): Promise<void> {
    this.timer = undefined;
    await this.flushing;
    const batch = [...this.pending.values(), ...(this.folded ? [this.folded] : [])];
    if (batch.length === 0) return;
    this.pending = new Map();
    this.folded = undefined;
    this.flushing = this.write(batch).catch((error: unknown) => {
      this.options.log?.(`security stream: ${batch.length} refusal record(s) not stored yet (${String(error)}); retrying in ${this.options.flushMs} ms`);
      for (const p of batch) this.pending.set(JSON.stringify([p.refusal.rpc, p.refusal.code, p.refusal.principal, p.refusal.peer, p.refusal.reason]), p);
      this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
    });
    await this.flushing;
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
  }

  private async write(batch: Pending[]): Promise<void> {
    const at = batch[0]?.firstAt ?? this.clock();
    const stream = refusalsStreamOf(at);
    const commandId = randomUUID();
    const events: RefusalEvent[] = batch.map((p) => ({ type: 'CallRefused', data: { meta: { at: p.firstAt, causeCommandId: commandId }, ...p.refusal, repeats: p.repeats, lastAtMillis: p.lastAt } }));
    const append = async (expectedVersion: number) =>
      this.store.append(stream, events.map((e) => refusalCodec.encode(e)), { expectedVersion, commandId, actor: 'service:appliance', traceId: commandId.replaceAll('-', ''), occurredAt: new Date(at) });
    let version = this.versions.get(stream.id) ?? (await this.store.load(stream)).version;
    try {
      version = (await append(version)).version;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      version = (await append((await this.store.load(stream)).version)).version;
    }
    this.versions.set(stream.id, version);
  }
}
