/** A shaped link between the two sites: its rate, round-trip time and segment loss. */
export interface LinkProfile {
  readonly name: LinkProfileName;
  /** Bottleneck rate, each direction, in bits per second (tc tbf on the link namespace's veths). */
  readonly rateBitsPerSecond: number;
  /** Round-trip time the relay adds (half in each direction), in milliseconds. */
  readonly rttMs: number;
  /** Fraction of TCP segments (1448 bytes of payload) the link loses; each loss is a stall of one retransmission timeout. */
  readonly lossRate: number;
}

export type LinkProfileName = 'lan' | 'metro' | 'wan' | 'thin';

const Gbit = 1e9;
const Mbit = 1e6;

/** The profiles of issue 19: a data centre LAN, a metro link, a WAN and a thin WAN. */
export const LINK_PROFILES: Readonly<Record<LinkProfileName, LinkProfile>> = {
  lan: { name: 'lan', rateBitsPerSecond: 10 * Gbit, rttMs: 0.5, lossRate: 0 },
  metro: { name: 'metro', rateBitsPerSecond: 1 * Gbit, rttMs: 5, lossRate: 0 },
  wan: { name: 'wan', rateBitsPerSecond: 1 * Gbit, rttMs: 40, lossRate: 0.0001 },
  thin: { name: 'thin', rateBitsPerSecond: 200 * Mbit, rttMs: 80, lossRate: 0.001 },
};

/** The profile called `name`, or an error listing the names there are. */
export function linkProfile(name: string): LinkProfile {
  const profile = (LINK_PROFILES as Record<string, LinkProfile | undefined>)[name];
  if (profile === undefined) throw new Error(`unknown link profile "${name}"; choose one of ${Object.keys(LINK_PROFILES).join(', ')}`);
  return profile;
}

/** Payload bytes of one TCP segment on a 1500-byte MTU: the unit the loss rate counts in. */
export const SEGMENT_BYTES = 1448;

/**
 * How long a lost segment holds up everything behind it: Linux's retransmission timeout, srtt plus
 * an rttvar term floored at TCP_RTO_MIN (200 ms).
 */
export function lossStallMs(profile: Pick<LinkProfile, 'rttMs'>): number {
  return profile.rttMs + 200;
}
