import type { DelayLine } from './delay-line';
import type { Side } from './netns';

/** One direction of a connection through the relay. */
export interface RelayedDirection {
  /** Seed of its loss pattern (the one its DelayLine really drew from). */
  seed: number;
  /** Bytes it has delivered so far. */
  bytes: number;
  losses: number;
  /** Stream offsets (from the first byte of this direction) of its first lost segments, at most LOSS_OFFSETS_KEPT. */
  lossOffsets: number[];
}

/** One connection through the relay, open or finished. */
export interface RelayedConnection {
  /** The forwarded port it was made to. */
  port: number;
  /** How many connections to that port the relay took before it: it draws the nth loss patterns (see lossSeed). */
  nth: number;
  /** The site that dialled it; the server is in the other. */
  from: Side;
  toServer: RelayedDirection;
  toClient: RelayedDirection;
}

/** What the relay's `stats` op answers. */
export interface RelayStats {
  /** Connections relayed so far, and what all of them carried and lost. */
  connections: number;
  bytes: { toCloud: number; toPrem: number };
  losses: number;
  /** The last RELAYED_CONNECTIONS_KEPT connections, oldest first. */
  perConnection: RelayedConnection[];
}

/** Connections the relay describes one by one: enough for a test's, bounded for a long benchmark. */
export const RELAYED_CONNECTIONS_KEPT = 256;

interface Logged {
  port: number;
  nth: number;
  from: Side;
  toServer: DelayLine;
  toClient: DelayLine;
}

const direction = (line: DelayLine): RelayedDirection => ({ seed: line.seed, bytes: line.bytes, losses: line.losses, lossOffsets: [...line.lossOffsets] });

/**
 * The relay's last connections with their two lines. It keeps the lines themselves, closed ones too
 * (a closed line holds no data), so a connection still open reports what it carried so far.
 */
export class ConnectionLog {
  private readonly logged: Logged[] = [];

  constructor(private readonly kept = RELAYED_CONNECTIONS_KEPT) {}

  add(connection: Logged): void {
    this.logged.push(connection);
    if (this.logged.length > this.kept) this.logged.shift();
  }

  describe(): RelayedConnection[] {
    return this.logged.map(({ port, nth, from, toServer, toClient }) => ({ port, nth, from, toServer: direction(toServer), toClient: direction(toClient) }));
  }
}
