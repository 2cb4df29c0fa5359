import type { CompressionSetting } from '@ferry/block-pipeline';
import type { FlowWindowSetting } from './flow-window';

/** How every session of a shipper sends: prem-manager's FLOW_WINDOW, COMPRESSION_LEVEL, TRANSFER_STRIPES, STRIPE_MIN_MIB and FRAMES_FROM_SOURCE and LEAN_STREAMS. */
export interface SessionTuning {
  /** Frames in flight per session; default sized from the measured bandwidth-delay product. */
  flowWindow?: FlowWindowSetting;
  /** How the sources compress the chunks; default level 1. */
  compression?: CompressionSetting;
  /** Extra connections a session spreads its chunk frames over (as many as the receiver allows); default 0. */
  stripes?: number;
  /** Source bytes a session must have to send before it adds its stripes (smaller ones stay on Transfer); default 0. */
  stripeMinBytes?: number;
  /** A striped session's source sends its frames to the receiver itself, where it can reach it (FRAMES_FROM_SOURCE, on by default in the service); unset: false. */
  framesFromSource?: boolean;
  /** Stripes and ShipChunks go as lean streams, not gRPC (LEAN_STREAMS, on by default in the service); unset: true. */
  leanStreams?: boolean;
}
