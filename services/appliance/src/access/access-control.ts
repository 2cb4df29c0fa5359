// Access control of the integrator API, put together: the principals, the token signing key, the
// authenticator and the security stream's recorder.
import type { EventStore } from '@ferry/event-store';
import { Authenticator, type Principal } from './authenticate';
import { PrincipalDirectory } from './principal-directory';
import { RefusalRecorder } from './refusal-recorder';
import type { Refusal } from './refusal-events';
import { TokenKeys } from './token-keys';
import { TokenSigner } from './tokens';

export interface AccessOptions {
  readonly stateDir: string;
  readonly tokenTtlMs: number;
  readonly refusalFlushMs: number;
  readonly refusalMaxDistinct: number;
  readonly clock?: () => number;
  readonly log?: (line: string) => void;
}

export class AccessControl {
  readonly clock: () => number;
  private readonly authenticator: Authenticator;

  private constructor(
    readonly directory: PrincipalDirectory,
    readonly tokens: TokenSigner,
    readonly refusals: RefusalRecorder,
    clock: () => number,
  ) {
    this.clock = clock;
    this.authenticator = new Authenticator(directory, tokens);
  }

  /** Reads the principals from `store` and the signing key from the state dir (making it on first start). */
  static async open(store: EventStore, o: AccessOptions): Promise<AccessControl> {
    const clock = o.clock ?? Date.now;
    const directory = new PrincipalDirectory(store);
    await directory.refresh();
    const tokens = new TokenSigner(await TokenKeys.open(o.stateDir, clock()), o.tokenTtlMs);
    const refusals = new RefusalRecorder(store, { flushMs: o.refusalFlushMs, maxDistinct: o.refusalMaxDistinct, clock, log: o.log });
    return new AccessControl(directory, tokens, refusals, clock);
  }

  authenticate(authorization: string | undefined, nowMs: number): Promise<Principal> {
    return this.authenticator.authenticate(authorization, nowMs);
  }

  refused(refusal: Refusal): void {
    this.refusals.record(refusal);
  }

  async close(): Promise<void> {
    await this.refusals.close();
  }
}
