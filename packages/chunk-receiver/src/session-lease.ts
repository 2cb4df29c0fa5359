import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConcurrencyError } from '@ferry/errors';

/** Who may write a disk's target and chunk map, and until when (wall clock, ms since the epoch). */
export interface LeaseRecord {
  holder: string;
  sessionId: string;
  expiresAt: number;
}

/** How a receiver takes leases: its own name and how long a lease lasts without renewal. */
export interface LeaseSetting {
  /**
   * The receiver replica, stable across its restarts and unique among live replicas (cloud-manager:
   * hostname and interconnect port), so a restarted replica takes its own lease back at once.
   */
  holder: string;
  ttlMs: number;
}

const LEASE_FILE = 'lease.json';

async function readLease(dir: string): Promise<LeaseRecord | undefined> {
  return readFile(join(dir, LEASE_FILE), 'utf8').then(
    (text) => JSON.parse(text) as LeaseRecord,
    () => undefined, // none yet, or half written by a writer that died: a torn lease holds nobody
  );
}

/** Replaces the lease in one rename, so a reader sees the old lease or the new one, never a mix. */
async function writeLease(dir: string, record: LeaseRecord): Promise<void> {
  const tmp = join(dir, `${LEASE_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, JSON.stringify(record));
  await rename(tmp, join(dir, LEASE_FILE));
}

/**
 * A session's lease on one disk, in the disk's state directory beside its chunk map (shared storage
 * when several receivers serve one target storage). Taken at session start and renewed every third of
 * its life while the session runs, so a second replica refuses to write the same target while the
 * holder lives, and takes over once a dead holder's lease has run out.
 *
 * Limits: expiry compares wall clocks of different hosts (keep them NTP-synced; skew eats into the
 * TTL); and two replicas taking a free lease in the same instant may both read their own write back
 * (the shipper opens one session per disk at a time, so that needs two senders of one disk).
 */
export class SessionLease {
  private renewal: NodeJS.Timeout | undefined;
  private renewing: Promise<void> = Promise.resolve();
  private released = false;

  private constructor(
    private readonly dir: string,
    private readonly setting: LeaseSetting,
    private readonly sessionId: string,
    private readonly what: string,
  ) {}

  /**
   * Takes the disk's lease for `sessionId` (a lease of the same holder, or one run out, is taken
   * over), or throws a ConcurrencyError (gRPC ABORTED) naming the replica that holds it.
   * `onLost`: the lease was taken by someone else while held (this replica stalled past its TTL).
   */
  static async take(dir: string, setting: LeaseSetting, sessionId: string, what: string, onLost: (error: Error) => void, now = Date.now): Promise<SessionLease> {
    const held = await readLease(dir);
    if (held !== undefined && held.holder !== setting.holder && held.expiresAt > now()) throw heldBy(held, what, now());
    await writeLease(dir, { holder: setting.holder, sessionId, expiresAt: now() + setting.ttlMs });
    // Read back: of two replicas that wrote at once, the one whose write was replaced steps back.
    const mine = await readLease(dir);
    if (mine?.holder !== setting.holder || mine.sessionId !== sessionId) throw heldBy(mine ?? { holder: 'unknown', sessionId: '', expiresAt: now() + setting.ttlMs }, what, now());
    const lease = new SessionLease(dir, setting, sessionId, what);
    lease.renewal = setInterval(() => {
      lease.renewing = lease.renewing.then(() => lease.renew(now)).catch((error: unknown) => {
        lease.stopRenewing();
        onLost(error instanceof Error ? error : new Error(String(error)));
      });
    }, Math.max(100, Math.floor(setting.ttlMs / 3)));
    lease.renewal.unref();
    return lease;
  }

  private async renew(now: () => number): Promise<void> {
    if (this.released) return;
    const held = await readLease(this.dir);
    if (held !== undefined && (held.holder !== this.setting.holder || held.sessionId !== this.sessionId)) throw heldBy(held, this.what, now());
    await writeLease(this.dir, { holder: this.setting.holder, sessionId: this.sessionId, expiresAt: now() + this.setting.ttlMs });
  }

  private stopRenewing(): void {
    if (this.renewal !== undefined) clearInterval(this.renewal);
    this.renewal = undefined;
  }

  /** Ends the lease (session completed or failed): removed if it is still this session's. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.stopRenewing();
    await this.renewing.catch(() => undefined);
    const held = await readLease(this.dir);
    if (held?.holder === this.setting.holder && held.sessionId === this.sessionId) await unlink(join(this.dir, LEASE_FILE)).catch(() => undefined);
  }
}

function heldBy(held: LeaseRecord, what: string, now: number): ConcurrencyError {
  const seconds = Math.max(0, (held.expiresAt - now) / 1000).toFixed(1);
  return new ConcurrencyError(
    `${what} is being written by receiver replica ${held.holder} (session ${held.sessionId}); its lease runs out in ${seconds} s unless renewed. ` +
      'Retry then: a live holder keeps it, a dead one\'s session resumes here from the shared chunk map',
  );
}
