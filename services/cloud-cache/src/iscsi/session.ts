/**
 * An iSCSI session (RFC 7143 §4): one initiator-target nexus, its connections and its command
 * numbering window. Non-immediate commands must carry a CmdSN inside [ExpCmdSN, MaxCmdSN];
 * others are dropped, as §4.2.2.1 requires.
 */
import type { SessionParams } from './session-params';

/** How many commands an initiator may have queued ahead of ExpCmdSN. */
export const CMD_WINDOW = 128;

/** Serial number arithmetic (RFC 1982) on 32-bit sequence numbers. */
export const snLess = (a: number, b: number): boolean => a !== b && ((a < b && b - a < 0x80000000) || (a > b && a - b > 0x80000000));
export const snAdd = (a: number, n: number): number => (a + n) >>> 0;

/** What a session needs from each of its connections. */
export interface SessionConnection {
  readonly cid: number;
  /** Drops every task of a LUN (or all when undefined) without answering them. */
  abortTasks(lun: number | undefined): Promise<number>;
  /** Aborts the task with this ITT; true when it existed. */
  abortTask(itt: number): Promise<boolean>;
  close(reason: string): void;
}

export class Session {
  expCmdSN: number;
  readonly connections = new Map<number, SessionConnection>();
  private readonly seen = new Set<number>();

  constructor(
    readonly tsih: number,
    readonly isid: string,
    readonly initiatorName: string,
    readonly targetName: string,
    readonly type: 'Normal' | 'Discovery',
    readonly params: SessionParams,
    initialCmdSN: number,
  ) {
    this.expCmdSN = initialCmdSN >>> 0;
  }

  get maxCmdSN(): number {
    return snAdd(this.expCmdSN, CMD_WINDOW - 1);
  }

  /**
   * Accounts for a non-immediate command's CmdSN. Returns false when it lies outside the window
   * (the command must be ignored). In-window commands ahead of ExpCmdSN are remembered until the
   * gap closes.
   */
  acceptCmdSN(cmdSN: number): boolean {
    if (snLess(cmdSN, this.expCmdSN) || snLess(this.maxCmdSN, cmdSN)) return false;
    if (cmdSN !== this.expCmdSN) {
      this.seen.add(cmdSN);
      return true;
    }
    this.expCmdSN = snAdd(this.expCmdSN, 1);
    while (this.seen.delete(this.expCmdSN)) this.expCmdSN = snAdd(this.expCmdSN, 1);
    return true;
  }

  /** Closes every connection (logout of the session, reinstatement, or target shutdown). */
  closeAll(reason: string): void {
    for (const connection of [...this.connections.values()]) connection.close(reason);
  }
}
