/**
 * The iSCSI portal: a TCP listener that accepts connections for a set of targets. The set changes at
 * run time (volumes made and deleted by command); a connection looks its target up at login, so a
 * target added later is reachable at once and a removed one refuses new logins.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { IllegalStateError } from '@ferry/errors';
import { Connection } from './connection';
import type { TargetAuth } from './login';
import type { IscsiTarget, PortalContext } from './portal-context';
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
  log?: (message: string) => void;
}

export class IscsiPortal implements PortalContext {
  readonly preferences: TargetPreferences;
  readonly discoveryAuth: TargetAuth;
  private readonly byName = new Map<string, IscsiTarget>();
  private readonly bySession = new Map<number, Session>();
  private readonly sockets = new Set<Socket>();
  private nextTsih = 1;
  private server: Server | undefined;
  readonly log: (message: string) => void;

  constructor(private readonly options: PortalOptions) {
    this.preferences = { ...DEFAULT_PREFERENCES, ...options.preferences };
    this.discoveryAuth = options.discoveryAuth ?? { kind: 'none' };
    this.log = options.log ?? (() => undefined);
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

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    if (this.server) throw new IllegalStateError('the iSCSI portal is already listening; call close() first');
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      new Connection(socket, this);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  /** Stops accepting, drops every connection. */
  async close(): Promise<void> {
    for (const session of [...this.bySession.values()]) session.closeAll('target shutting down');
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
