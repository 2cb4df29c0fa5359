/**
 * The portal's connection caps: per initiator address and in total. Pure bookkeeping: the portal
 * asks before it keeps an accepted socket and releases the slot when the socket closes.
 */

/** Why a new connection was refused. */
export type Refusal = { cap: 'per-address'; limit: number } | { cap: 'total'; limit: number };

/** One initiator address as the caps count it: an IPv4-mapped IPv6 address counts as the IPv4 one. */
export function addressKey(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  return remoteAddress.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress;
}

export class Admission {
  private readonly byAddress = new Map<string, number>();
  private held = 0;

  constructor(private readonly caps: { maxConnectionsPerAddress: number; maxConnections: number }) {}

  /** Takes a slot for a connection from `address`, or says which cap refuses it (nothing is taken then). */
  admit(address: string): Refusal | undefined {
    if (this.held >= this.caps.maxConnections) return { cap: 'total', limit: this.caps.maxConnections };
    const fromAddress = this.byAddress.get(address) ?? 0;
    if (fromAddress >= this.caps.maxConnectionsPerAddress) return { cap: 'per-address', limit: this.caps.maxConnectionsPerAddress };
    this.byAddress.set(address, fromAddress + 1);
    this.held++;
    return undefined;
  }

  /** Gives back a slot taken by {@link admit}. */
  release(address: string): void {
    const fromAddress = this.byAddress.get(address);
    if (fromAddress === undefined) return;
    if (fromAddress <= 1) this.byAddress.delete(address);
    else this.byAddress.set(address, fromAddress - 1);
    this.held--;
  }

  /** Connections held now, in total and from `address`. */
  count(address?: string): number {
    return address === undefined ? this.held : (this.byAddress.get(address) ?? 0);
  }
}
