/** What a connection needs from the portal that accepted it: targets, sessions and policy. */
import type { LogicalUnit } from '../scsi/logical-unit';
import type { TargetAuth } from './login';
import type { Session } from './session';
import type { TargetPreferences } from './session-params';

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
  target(name: string): IscsiTarget | undefined;
  targets(): IscsiTarget[];
  sessions(): Iterable<Session>;
  session(tsih: number): Session | undefined;
  /** Registers a new session and returns it with a fresh TSIH. */
  addSession(make: (tsih: number) => Session): Session;
  removeSession(session: Session): void;
  log(message: string): void;
}
