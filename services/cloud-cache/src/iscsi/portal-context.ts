/** What a connection needs from the portal that accepted it: targets, sessions and policy. */
import type { LogicalUnit } from '../scsi/logical-unit';
import type { ConnectionPolicy } from './connection-policy';
import type { TargetAuth } from './login';
import type { Session } from './session';
import type { TargetPreferences } from './session-params';

/** What happened to a connection, as the portal counts and logs it. */
export type ConnectionEvent =
  | { kind: 'logged-in' }
  | { kind: 'nop-sent' }
  | { kind: 'nop-answered' }
  /** Closed by the watch; `detail` says who it was and how far it got. */
  | { kind: 'login-timeout' | 'nop-timeout'; address: string; detail: string };

/** One iSCSI target: a name, its authentication and its logical units. */
export interface IscsiTarget {
  /** iSCSI qualified name, e.g. iqn.2024-01.io.ferry:vm-42. */
  name: string;
  auth: TargetAuth;
  luns: Map<number, LogicalUnit>;
}

export interface PortalContext {
  readonly preferences: TargetPreferences;
  readonly discoveryAuth: TargetAuth;
  /** Login timeout, caps and NOP-In keep-alive of every connection. */
  readonly policy: ConnectionPolicy;
  target(name: string): IscsiTarget | undefined;
  targets(): IscsiTarget[];
  sessions(): Iterable<Session>;
  session(tsih: number): Session | undefined;
  /** Registers a new session and returns it with a fresh TSIH. */
  addSession(make: (tsih: number) => Session): Session;
  removeSession(session: Session): void;
  log(message: string): void;
  /** Counts the event; timeouts are logged, a flood of them summed up in one line. */
  report(event: ConnectionEvent): void;
}
