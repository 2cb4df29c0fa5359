import type { BdpEstimate } from '@ferry/block-pipeline';

/** What the shipper learnt of one receiver at its last session, so the next session to it starts from there. */
export interface ReceiverHistory {
  /** Stripes it allowed (SessionAccepted.stripes): the next session dials that many at once. */
  stripesAllowed?: number;
  /** The bandwidth-delay product the last completed session measured: the next one's window starts at it. */
  estimate?: BdpEstimate;
}
