import type { ServerDuplexStream } from '@grpc/grpc-js';
import { UnavailableError } from '@ferry/errors';
import type { ferry } from '@ferry/proto';
import { DemandAsker } from './demand-asker';

/**
 * The lanes peers have dialled in to this listener. A request goes to the open lane with the fewest
 * requests in flight; with none open it waits a little (a peer may be redialling after a restart)
 * before failing with a message that names who should dial.
 */
export class LanePool {
  private readonly lanes = new Set<DemandAsker>();
  private waiters: Array<() => void> = [];

  /** @param dialer who is expected to dial in, for the error message (e.g. "prem-manager"). */
  constructor(private readonly dialer: string) {}

  /** The DemandLane.Serve handler: adopts the stream as a lane until it closes. */
  adopt(call: ServerDuplexStream<ferry.dataplane.v1.DemandAnswer, ferry.dataplane.v1.IDemandRequest>): DemandAsker {
    const asker = new DemandAsker(call);
    this.lanes.add(asker);
    void asker.closed.then(() => this.lanes.delete(asker));
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    return asker;
  }

  get size(): number {
    return [...this.lanes].filter((l) => l.isOpen).length;
  }

  /** The least busy open lane, waiting up to `waitMs` for one to be dialled. */
  async pick(waitMs = 5_000): Promise<DemandAsker> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const open = [...this.lanes].filter((l) => l.isOpen).sort((a, b) => a.inFlight - b.inFlight);
      if (open[0] !== undefined) return open[0];
      const left = deadline - Date.now();
      if (left <= 0) throw new UnavailableError(`no demand lane is open: ${this.dialer} has not dialled in (check that it runs and can reach this port)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Ends every lane (at shutdown). */
  close(): void {
    for (const lane of this.lanes) lane.end();
    this.lanes.clear();
  }
}
