/**
 * The iSCSI portal: a TCP listener that accepts connections for a set of targets. The set changes at
 * run time (volumes made and deleted by command); a connection looks its target up at login, so a
 * target added later is reachable at once and a removed one refuses new logins. Connections over the
 * per-address or total cap are closed at once; those that do not log in in time, or stop answering
 * NOP-In pings, are closed by their own watch (see connection-policy.ts).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { IllegalStateError } from '@ferry/errors';
import { addressKey, Admission, type Refusal } from './admission';
import { BurstLogger } from './burst-log';
import { Connection } from './connection';
import { connectionPolicyOf, type ConnectionPolicy } from './connection-policy';
import type { TargetAuth } from './login';
import type { ConnectionEvent, IscsiTarget, PortalContext } from './portal-context';
import type { Session } from './session';
import { DEFAULT_PREFERENCES, type TargetPreferences } from './session-params';

/** Options of {@link IscsiPortal}. */
export interface PortalOptions {
  host: string;
  port: number;
  /** Targets served from the start; more come and go through addTarget/removeTarget. */
  targets: IscsiTarget[];
  discoveryAuth?: TargetAuth;
  preferences?: Partial<TargetPreferences>;
  /** Login timeout, connection caps and NOP-In keep-alive; each left out takes its default. */
  connections?: Partial<ConnectionPolicy>;
  log?: (message: string) => void;
}

/** What the portal did about connection hygiene since it started (and how many connections it holds). */
export interface ConnectionStats {
  /** Connections held now. */
  open: number;
  accepted: number;
  refusedPerAddress: number;
  refusedTotal: number;
  loginTimeouts: number;
  loggedIn: number;
  nopsSent: number;
  nopsAnswered: number;
  nopTimeouts: number;
}

/** A burst ends when no event of its kind came for this long; then its summary line is written. */
const BURST_QUIET_MS = 3000;

export class IscsiPortal implements PortalContext {
  readonly preferences: TargetPreferences;
  readonly discoveryAuth: TargetAuth;
  private readonly byName = new Map<string, IscsiTarget>();
  private readonly bySession = new Map<number, Session>();
  private readonly sockets = new Set<Socket>();
  private nextTsih = 1;
  private server: Server | undefined;
  readonly log: (message: string) => void;
  readonly policy: ConnectionPolicy;
  private readonly admission: Admission;
  private readonly counts = { accepted: 0, refusedPerAddress: 0, refusedTotal: 0, loginTimeouts: 0, loggedIn: 0, nopsSent: 0, nopsAnswered: 0, nopTimeouts: 0 };
  /** Only the first refusal of a flood is logged one by one; the first few timeouts are. */
  private readonly refusals: BurstLogger;
  private readonly timeouts: BurstLogger;

  constructor(private readonly options: PortalOptions) {
    this.preferences = { ...DEFAULT_PREFERENCES, ...options.preferences };
    this.discoveryAuth = options.discoveryAuth ?? { kind: 'none' };
    this.log = options.log ?? (() => undefined);
    this.policy = connectionPolicyOf(options.connections);
    this.admission = new Admission(this.policy);
    this.refusals = new BurstLogger({ label: 'refused over a connection cap', detailed: 1, quietMs: BURST_QUIET_MS }, (line) => this.log(line));
    this.timeouts = new BurstLogger({ label: 'closed by a login or NOP-In timeout', detailed: 5, quietMs: BURST_QUIET_MS }, (line) => this.log(line));
    for (const t of options.targets) this.byName.set(t.name, t);
  }

  target(name: string): IscsiTarget | undefined {
    return this.byName.get(name);
  }
  targets(): IscsiTarget[] {
    return [...this.byName.values()];
  }

  /** Serves `target` from now on; a name already served is an IllegalStateError (remove it first). */
  addTarget(target: IscsiTarget): void {
    if (this.byName.has(target.name)) {
      throw new IllegalStateError(`target ${target.name} is already served by this portal; remove it first or choose another name`);
    }
    this.byName.set(target.name, target);
  }

  /**
   * Stops serving the target named `name`: new logins to it are refused. Sessions already logged in
   * keep their logical units until they log out; callers that free the volumes check
   * {@link sessionsOf} first. Returns whether the target was served.
   */
  removeTarget(name: string): boolean {
    return this.byName.delete(name);
  }

  /** The normal (non-discovery) sessions logged in to the target named `name`. */
  sessionsOf(name: string): Session[] {
    return [...this.bySession.values()].filter((s) => s.type === 'Normal' && s.targetName === name);
  }
  sessions(): Iterable<Session> {
    return this.bySession.values();
  }
  session(tsih: number): Session | undefined {
    return this.bySession.get(tsih);
  }
  addSession(make: (tsih: number) => Session): Session {
    while (this.bySession.has(this.nextTsih) || this.nextTsih === 0) this.nextTsih = (this.nextTsih + 1) & 0xffff;
    const session = make(this.nextTsih);
    this.nextTsih = (this.nextTsih + 1) & 0xffff;
    this.bySession.set(session.tsih, session);
    return session;
  }
  removeSession(session: Session): void {
    if (this.bySession.get(session.tsih) === session) this.bySession.delete(session.tsih);
  }

  report(event: ConnectionEvent): void {
    switch (event.kind) {
      case 'logged-in':
        this.counts.loggedIn++;
        return;
      case 'nop-sent':
        this.counts.nopsSent++;
        return;
      case 'nop-answered':
        this.counts.nopsAnswered++;
        return;
      case 'login-timeout':
      case 'nop-timeout':
        if (event.kind === 'login-timeout') this.counts.loginTimeouts++;
        else this.counts.nopTimeouts++;
        this.timeouts.note(addressKey(event.address), `iscsi: ${event.detail}`);
        return;
      default: {
        const never: never = event;
        return never;
      }
    }
  }

  connectionStats(): ConnectionStats {
    return { open: this.sockets.size, ...this.counts };
  }

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    if (this.server) throw new IllegalStateError('the iSCSI portal is already listening; call close() first');
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  /** Keeps the connection, or closes it at once when a cap is reached (sessions already in are untouched). */
  private accept(socket: Socket): void {
    const address = addressKey(socket.remoteAddress);
    const refusal = this.admission.admit(address);
    if (refusal) {
      socket.destroy();
      this.refuse(address, refusal);
      return;
    }
    this.counts.accepted++;
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.admission.release(address);
    });
    new Connection(socket, this);
  }

  private refuse(address: string, refusal: Refusal): void {
    const why =
      refusal.cap === 'total'
        ? `the portal holds ${refusal.limit} connections, its total cap (ISCSI_MAX_CONNECTIONS)`
        : `${address} holds ${refusal.limit} connections, the cap per initiator address (ISCSI_MAX_CONNECTIONS_PER_ADDRESS)`;
    if (refusal.cap === 'total') this.counts.refusedTotal++;
    else this.counts.refusedPerAddress++;
    this.refusals.note(address, `iscsi: refused a connection from ${address}: ${why}; further refusals are counted and summed up once they stop for ${BURST_QUIET_MS / 1000} s`);
  }

  /** Stops accepting, drops every connection. */
  async close(): Promise<void> {
    this.refusals.flush();
    this.timeouts.flush();
    for (const session of [...this.bySession.values()]) session.closeAll('target shutting down');
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
