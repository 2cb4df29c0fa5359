import { ValidationError } from '@ferry/errors';

/** gRPC UNAVAILABLE (the peer cannot be reached or went away) and INTERNAL (a stream reset on the way). */
const UNAVAILABLE = 14;
const INTERNAL = 13;
/** An INTERNAL status that is a cut connection rather than a fault of the receiver's code. */
const CONNECTION_CUT = /RST_STREAM|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|connection (dropped|closed|reset)/i;

/**
 * The cloud-manager replicas of StartTransferRequest.target_endpoint: one `host:port`, or several
 * separated by commas (replicas sharing one target storage). Blanks around entries are ignored and a
 * repeated entry counts once; an empty list or an entry without a port is refused naming the field.
 */
export function parseReceiverEndpoints(value: string): string[] {
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) {
    throw new ValidationError('target_endpoint', 'is empty; name cloud-manager\'s chunk receiver as host:port, or several replicas as host:port,host:port');
  }
  for (const entry of entries) {
    const port = /^.+:(\d{1,5})$/.exec(entry)?.[1];
    if (port === undefined || Number(port) < 1 || Number(port) > 65535) {
      const what = entry === '' ? 'has an empty entry' : `entry "${entry}" is not host:port`;
      throw new ValidationError('target_endpoint', `${what} in "${value}"; list cloud-manager replicas as host:port,host:port (port 1-65535)`);
    }
  }
  return [...new Set(entries)];
}

/**
 * Which replica a transfer's next session goes to: the first of the list until one is found dead, then
 * the next (round robin), so a transfer keeps going when a replica dies. Any replica can resume the
 * session: they share the disk's chunk map.
 */
export class ReceiverRotation {
  private position = 0;

  constructor(readonly endpoints: readonly string[]) {
    if (endpoints.length === 0) throw new ValidationError('target_endpoint', 'lists no receiver');
  }

  static of(targetEndpoint: string): ReceiverRotation {
    return new ReceiverRotation(parseReceiverEndpoints(targetEndpoint));
  }

  get current(): string {
    return this.endpoints[this.position]!;
  }

  /** Moves on to the next replica (the same one when it is the only one) and returns it. */
  next(): string {
    this.position = (this.position + 1) % this.endpoints.length;
    return this.current;
  }
}

/**
 * Whether a session failed because its receiver could not be reached or went away (killed, restarted,
 * network cut): then the next session tries the next replica. A receiver that answered with a status of
 * its own (a refusal, an integrity failure, no space) is asked again where it is.
 */
export function isReceiverDown(error: unknown): boolean {
  const { grpcCode, receiverStream } = error as { grpcCode?: number; receiverStream?: boolean };
  if (receiverStream !== true) return false;
  const details = error instanceof Error ? error.message : String(error);
  return grpcCode === UNAVAILABLE || (grpcCode === INTERNAL && CONNECTION_CUT.test(details));
}
