import { BdpWindow, STREAM_IN_FLIGHT_MAX_BYTES } from '@ferry/block-pipeline';

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
}

/** A window for one stream under `setting`. */
export function streamWindow(setting: FlowWindowSetting): StreamWindow {
  if (setting !== 'bdp') return { frames: setting, sent: () => undefined, acked: () => undefined, describe: () => `fixed window ${setting} frames` };
  const window = new BdpWindow({ minFrames: MIN_WINDOW_FRAMES, maxBytes: STREAM_IN_FLIGHT_MAX_BYTES });
  return {
    get frames() {
      return window.frames;
    },
    sent: (index, wireBytes, now) => window.sent(index, wireBytes, now),
    acked: (indexes, now) => window.acked(indexes, now),
    describe: () => {
      const { rttMs, bytesPerSecond, frames } = window.estimate;
      return `BDP window ${frames} frames (round trip to acknowledgement ${rttMs?.toFixed(1) ?? '-'} ms, delivery ${bytesPerSecond === undefined ? '-' : (bytesPerSecond / 1e6).toFixed(1)} MB/s)`;
    },
  };
}
