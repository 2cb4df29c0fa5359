import { defineConfig, int, oneOf, path, port, serviceBase, string, type ConfigOf, type Field } from '@ferry/service-kit';
import { parseCompressionSetting, type CompressionSetting } from '@ferry/block-pipeline';
import { parseFlowWindow, type FlowWindowSetting } from './shipper/flow-window';

/**
 * COMPRESSION_LEVEL: how the sources compress the chunks of every transfer. Default 1: "adaptive" tied
 * level 1 across a quiet 40 ms link and lost to it on loopback and on loaded cores
 * (docs/data-plane-performance.md), so it is for an operator to choose until it wins.
 */
function compressionField(): Field<CompressionSetting> {
  return {
    kind: 'string', env: 'COMPRESSION_LEVEL', default: 1, expected: '"adaptive", "off" or a zstd level from -7 to 19 other than 0',
    doc: 'zstd level of the chunks: "adaptive" moves it per window of chunks among off, -5, -1, 1, 3, 6 and 9 (up while the link is full and the source idles, down while the source\'s CPU is what the stream waits for); "off" or a level pins it. Incompressible chunks travel raw at any level',
    parse: (raw) => {
      try {
        return parseCompressionSetting(raw);
      } catch {
        return undefined;
      }
    },
  };
}

/** FLOW_WINDOW: how many frames a transfer stream keeps in flight (never more than the receiver's credits). */
function flowWindowField(): Field<FlowWindowSetting> {
  return {
    kind: 'string', env: 'FLOW_WINDOW', default: 'bdp', expected: '"bdp" or a whole number of frames from 1 to 1024',
    doc: 'frames in flight per transfer stream: "bdp" sizes them from the measured bandwidth-delay product (fills 40-80 ms links), a number fixes them',
    parse: (raw) => {
      try {
        return parseFlowWindow(raw.trim());
      } catch {
        return undefined;
      }
    },
  };
}

/** Everything the prem-manager service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8004 }),
  controlPort: port({ env: 'CONTROL_PORT', default: 5000, doc: 'transfer control (range 5000-5010)' }),
  controlHost: string({ env: 'CONTROL_HOST', default: '0.0.0.0', doc: 'address the transfer control port binds to' }),
  caDir: path({ env: 'CA_DIR', default: '/var/lib/ferry/site-ca', absolute: true, doc: 'site CA and site key (created on first start)' }),
  dataDir: path({ env: 'DATA_DIR', default: '/var/lib/ferry/prem-manager', absolute: true, doc: 'persisted transfers and wrapped data keys' }),
  maxParallelDisks: int({ env: 'MAX_PARALLEL_DISKS', default: 4, min: 1, max: 64, doc: 'disks shipped at the same time' }),
  flowWindow: flowWindowField(),
  compressionLevel: compressionField(),
  transferStripes: int({ env: 'TRANSFER_STRIPES', default: 4, min: 0, max: 32, doc: 'extra connections to the receiver each disk session spreads its chunk frames over (as many as the receiver\'s STRIPES_PER_SESSION allows): on a lossy WAN a lost segment stalls one of them while the others keep the link busy; 0 = frames on the Transfer stream only' }),
  framesFromSource: oneOf({ env: 'FRAMES_FROM_SOURCE', values: ['on', 'off'], default: 'on', doc: 'on: a striped session\'s source (prem-esxi-manager) sends its sealed frames to the receiver over stripes of its own, and prem-manager only counts and grants them, so the frames cross one TLS hop instead of two (prem-manager\'s CPU per GiB fell from about 2 to 0.7 CPU-s); a source that cannot reach the receiver within 3 s (or predates ShipChunks) says so, and from then on the frames of that source and receiver go through prem-manager; off: every frame goes through prem-manager' }),
  leanStreams: oneOf({ env: 'LEAN_STREAMS', values: ['on', 'off'], default: 'on', doc: 'on: the stripes (from prem-manager and from the source) and the ShipChunks call to the source go as lean streams, an HTTP/1.1 Upgrade on the peer\'s own mutual-TLS port followed by length-prefixed protobuf, at a fraction of the CPU of gRPC\'s HTTP/2 at both ends; a receiver or source that refuses the upgrade (older than lean streams) gets gRPC anyway, logged once; off: gRPC TransferStripe and ShipChunks streams' }),
  stripeMinMib: int({ env: 'STRIPE_MIN_MIB', default: 8, min: 0, max: 1_048_576, doc: 'source data (MiB) a session must have to send before it adds stripes: a smaller one stays on its Transfer connection, as a few chunks are not worth the handshakes; the stripes of a larger one are dialled while the session opens (as many as the receiver took last time), so even a pre-copy delta of tens of MiB gains from several connections ramping up together on a lossy link; 0 = every session stripes' }),
});

export type Config = ConfigOf<typeof config>;
