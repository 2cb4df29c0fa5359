/**
 * The clock of one connection: login must complete by a deadline; once logged in, a connection that
 * sent no PDU for `nopIntervalMs` gets a NOP-In ping with a fresh Target Transfer Tag, which RFC 7143
 * §11.19 obliges the initiator to answer with a NOP-Out carrying that tag (§11.18), and it is closed
 * when neither the answer nor any other PDU arrives within `nopTimeoutMs`. Pure: the connection
 * passes the clock in, runs the step returned and wakes up again at `until`.
 */
import type { ConnectionPolicy } from './connection-policy';

/** Target Transfer Tags of pings have the top bit set, so they never equal an R2T's (1..0x7fffffff). */
const PING_TAG_BASE = 0x80000000;
const PING_TAG_LAST = 0xfffffffe; // 0xffffffff is the reserved "no tag"

/** What the connection does now. */
export type WatchStep =
  | { kind: 'sleep'; until: number }
  | { kind: 'ping'; ttt: number; until: number }
  | { kind: 'close'; why: 'login-timeout' | 'nop-timeout' }
  | { kind: 'stopped' };

/** How the connection's output is moving, so a ping stuck behind a long Data-In backlog is not a dead peer. */
export interface OutputProgress {
  /** Bytes queued in the socket and not yet handed to the kernel. */
  pending: number;
  /** Bytes handed to the kernel so far (grows while the peer reads). */
  flushed: number;
}

type State =
  | { phase: 'login'; deadline: number }
  | { phase: 'idle'; lastHeard: number }
  | { phase: 'pinging'; ttt: number; deadline: number; flushed: number }
  | { phase: 'stopped' };

export class ConnectionWatch {
  private state: State;
  private nextTag = PING_TAG_BASE;

  constructor(
    private readonly policy: Pick<ConnectionPolicy, 'loginTimeoutMs' | 'nopIntervalMs' | 'nopTimeoutMs'>,
    acceptedAt: number,
  ) {
    this.state = { phase: 'login', deadline: acceptedAt + policy.loginTimeoutMs };
  }

  get phase(): State['phase'] {
    return this.state.phase;
  }

  /** Login completed: from now on idleness is what counts. */
  loggedIn(now: number): void {
    if (this.state.phase === 'login') this.state = { phase: 'idle', lastHeard: now };
  }

  /** A complete PDU arrived. After login any PDU shows the peer is alive, so a ping in flight is settled too. */
  heard(now: number): void {
    if (this.state.phase === 'idle' || this.state.phase === 'pinging') this.state = { phase: 'idle', lastHeard: now };
  }

  /** A NOP-Out echoed `ttt`; true when it answers the ping in flight. */
  answered(ttt: number, now: number): boolean {
    if (this.state.phase !== 'pinging' || this.state.ttt !== ttt) return false;
    this.state = { phase: 'idle', lastHeard: now };
    return true;
  }

  /** The connection is closed: nothing more to do. */
  stop(): void {
    this.state = { phase: 'stopped' };
  }

  /** What to do at `now`. */
  due(now: number, output: OutputProgress = { pending: 0, flushed: 0 }): WatchStep {
    const s = this.state;
    switch (s.phase) {
      case 'stopped':
        return { kind: 'stopped' };
      case 'login':
        return now >= s.deadline ? { kind: 'close', why: 'login-timeout' } : { kind: 'sleep', until: s.deadline };
      case 'idle': {
        const pingAt = s.lastHeard + this.policy.nopIntervalMs;
        if (now < pingAt) return { kind: 'sleep', until: pingAt };
        const ttt = this.freshTag();
        const deadline = now + this.policy.nopTimeoutMs;
        this.state = { phase: 'pinging', ttt, deadline, flushed: output.flushed };
        return { kind: 'ping', ttt, until: deadline };
      }
      case 'pinging':
        if (now < s.deadline) return { kind: 'sleep', until: s.deadline };
        if (output.pending > 0 && output.flushed > s.flushed) {
          // The peer is still reading what we sent before the ping: it is alive, give it another period.
          const deadline = now + this.policy.nopTimeoutMs;
          this.state = { ...s, deadline, flushed: output.flushed };
          return { kind: 'sleep', until: deadline };
        }
        return { kind: 'close', why: 'nop-timeout' };
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  private freshTag(): number {
    const ttt = this.nextTag;
    this.nextTag = ttt >= PING_TAG_LAST ? PING_TAG_BASE : ttt + 1;
    return ttt;
  }
}
