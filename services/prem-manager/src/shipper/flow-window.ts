import { BdpWindow, STREAM_IN_FLIGHT_MAX_BYTES, type BdpEstimate } from '@ferry/block-pipeline';

/**
 * How many frames a transfer stream keeps in flight: `bdp` sizes the window from the stream's own
 * measured bandwidth-delay product (BdpWindow); a number fixes it at that many frames. Either way
 * never more than the receiver's credits.
 */
export type FlowWindowSetting = 'bdp' | number;

/**
 * The window's floor: the fixed window every stream had before (cloud-manager's former CREDIT_WINDOW).
 * The round trip to an acknowledgement includes the receiver's verify, write and fsync, which on a
 * busy machine varies far more than a link's delay; sized from the smallest round trip alone, the
 * window shrank whenever the receiver slowed (on the lan profile under load: 17 frames, 5.5 s against
 * 2.4 s for 32). Above the floor it grows with the measured bandwidth-delay product.
 */
export const MIN_WINDOW_FRAMES = 32;

/** Parses FLOW_WINDOW: "bdp" or a whole number of frames from 1 to 1024. */
export function parseFlowWindow(text: string): FlowWindowSetting {
  if (text === 'bdp') return 'bdp';
  const frames = Number(text);
  if (!Number.isInteger(frames) || frames < 1 || frames > 1024) throw new Error(`FLOW_WINDOW=${text}: give "bdp" or a whole number of frames from 1 to 1024`);
  return frames;
}

/** What limits one stream's frames in flight, besides the receiver's credits. */
export interface StreamWindow {
  /** Frames the stream may have in flight now. */
  readonly frames: number;
  sent(index: number, wireBytes: number, now: number): void;
  acked(indexes: Iterable<number>, now: number): void;
  /** For the session's log line. */
  describe(): string;
  /** The bandwidth-delay product this stream measured (none for a fixed window), to start the next stream to the same receiver from. */
  readonly measured: BdpEstimate | undefined;
}

/** A window for one stream under `setting`; `seed`: what the last stream to the same receiver measured. */
export function streamWindow(setting: FlowWindowSetting, seed?: BdpEstimate): StreamWindow {
  if (setting !== 'bdp') return { frames: setting, sent: () => undefined, acked: () => undefined, describe: () => `fixed window ${setting} frames`, measured: undefined };
  const window = new BdpWindow({ minFrames: MIN_WINDOW_FRAMES, maxBytes: STREAM_IN_FLIGHT_MAX_BYTES, ...(seed === undefined ? {} : { seed }) });
  return {
    get frames() {
      return window.frames;
    },
    get measured() {
      return window.measured;
    },
    sent: (index, wireBytes, now) => window.sent(index, wireBytes, now),
    acked: (indexes, now) => window.acked(indexes, now),
    describe: () => {
      const { rttMs, bytesPerSecond, frames } = window.estimate;
      const seeded = seed === undefined ? '' : `, started from the last session's ${seed.rttMs.toFixed(1)} ms and ${(seed.bytesPerSecond / 1e6).toFixed(1)} MB/s`;
      return `BDP window ${frames} frames (round trip to acknowledgement ${rttMs?.toFixed(1) ?? '-'} ms, delivery ${bytesPerSecond === undefined ? '-' : (bytesPerSecond / 1e6).toFixed(1)} MB/s${seeded})`;
    },
  };
}
