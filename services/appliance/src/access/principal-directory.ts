// The site's principals as the API reads them at every call: loaded from the store at start and again
// after each change this appliance decides (it is their only writer), so a call is authenticated
// without a store round trip, and keeps being while NATS is briefly down.
import { foldEvents, handleCommand, type CommandContext, type EventStore } from '@ferry/event-store';
import { principalCodec } from './access-codec';
import { principalsDecider, type ApiKeyRecord, type PrincipalCommand, type PrincipalsState } from './principal-decider';
import { PRINCIPALS_STREAM, type PrincipalEvent } from './principal-events';

export class PrincipalDirectory {
  private state: PrincipalsState = principalsDecider.initialState;
  private version = 0;
  private keysByDigest = new Map<string, { name: string; key: ApiKeyRecord }>();

  constructor(private readonly store: EventStore) {}

  /** Reads the principals from the store (at start, and after a change). */
  async refresh(): Promise<void> {
    const loaded = await this.store.load(PRINCIPALS_STREAM);
    if (loaded.version < this.version) return;
    this.version = loaded.version;
    this.state = foldEvents(principalsDecider, loaded.events.map((e) => principalCodec.decode(e.type, e.payload)));
    this.keysByDigest = new Map(Object.entries(this.state.keys).map(([name, key]) => [key.keySha256, { name, key }]));
  }

  /** Decides `command` against the stored principals, stores its events, and reads them back. */
  async decide(command: PrincipalCommand, context: CommandContext): Promise<PrincipalEvent[]> {
    const { events } = await handleCommand(this.store, PRINCIPALS_STREAM, principalsDecider, principalCodec, command, context);
    await this.refresh();
    return events;
  }

  get current(): PrincipalsState {
    return this.state;
  }

  /** The API key whose SHA-256 is `digest`, revoked or not. */
  keyByDigest(digest: string): { name: string; key: ApiKeyRecord } | undefined {
    return this.keysByDigest.get(digest);
  }
}
