import type { VsphereClient } from './client';
import { faultTypeOf } from './errors';
import { containerFilterSpec, createContainerView, destroyView, type PropertySelection } from './property';
import { returnvals } from './soap';
import { decode, type MoRef, type Plain } from './values';
import { attr, child, children, text, type XNode } from './xml';

/** One property change inside an ObjectUpdate. */
export interface PropertyChange {
  name: string;
  op: 'add' | 'remove' | 'assign' | 'indirectRemove';
  val?: Plain;
}

/** One object's update: it appeared, changed or left the view. */
export interface ObjectUpdate {
  kind: 'enter' | 'modify' | 'leave';
  obj: MoRef;
  changes: PropertyChange[];
}

/** Options of an update stream. */
export interface UpdateStreamOptions {
  /** Seconds each WaitForUpdatesEx may block (default 30). */
  maxWaitSeconds?: number;
  /** Objects per update batch (vCenter truncates bigger sets and continues). */
  maxObjectUpdates?: number;
  container?: MoRef;
  /** Called when a wait fails; the stream retries after a pause (default: console.warn). */
  onError?: (error: Error) => void;
}

/**
 * Follows changes of a ContainerView through WaitForUpdatesEx on a dedicated PropertyCollector.
 * The first batch holds the current state (kind 'enter'); each later one only what changed.
 * A rejected version (InvalidCollectorVersion) restarts from an empty version: a full resync.
 */
export class UpdateStream {
  private stopped = false;
  private version = '';
  private loop: Promise<void> | undefined;

  private constructor(
    private readonly client: VsphereClient,
    private readonly collector: MoRef,
    private readonly view: MoRef,
    private readonly onUpdates: (updates: ObjectUpdate[]) => Promise<void> | void,
    private readonly opts: UpdateStreamOptions,
  ) {}

  /** Creates the collector, view and filter, and starts waiting. */
  static async start(
    client: VsphereClient,
    selections: PropertySelection[],
    onUpdates: (updates: ObjectUpdate[]) => Promise<void> | void,
    opts: UpdateStreamOptions = {},
  ): Promise<UpdateStream> {
    const collector = (await client.invokeValue('CreatePropertyCollector', client.content.propertyCollector)) as MoRef;
    const view = await createContainerView(client, [...new Set(selections.map((s) => s.type))], opts.container);
    await client.invoke('CreateFilter', collector, { spec: containerFilterSpec(view, selections), partialUpdates: false });
    const stream = new UpdateStream(client, collector, view, onUpdates, opts);
    stream.loop = stream.run();
    return stream;
  }

  /** The last version the server handed out. */
  get currentVersion(): string {
    return this.version;
  }

  private async run(): Promise<void> {
    const maxWait = this.opts.maxWaitSeconds ?? 30;
    while (!this.stopped) {
      try {
        const response = await this.client.invoke(
          'WaitForUpdatesEx',
          this.collector,
          { version: this.version, options: { maxWaitSeconds: maxWait, maxObjectUpdates: this.opts.maxObjectUpdates } },
          (maxWait + 30) * 1000,
        );
        const set = returnvals(response)[0];
        if (set === undefined || this.stopped) continue; // maxWaitSeconds passed without a change
        this.version = text(child(set, 'version'));
        const updates = children(set, 'filterSet').flatMap((f) => children(f, 'objectSet').map(decodeObjectUpdate));
        if (updates.length > 0) await this.onUpdates(updates);
      } catch (error) {
        if (this.stopped) return;
        if (faultTypeOf(error) === 'InvalidCollectorVersion') this.version = '';
        (this.opts.onError ?? ((e: Error) => console.warn(e.message)))(error as Error);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Stops waiting (CancelWaitForUpdates) and destroys the collector and view. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.client.invoke('CancelWaitForUpdates', this.collector).catch(() => undefined);
    await this.loop?.catch(() => undefined);
    await this.client.invoke('DestroyPropertyCollector', this.collector).catch(() => undefined);
    await destroyView(this.client, this.view);
  }
}

function decodeObjectUpdate(node: XNode): ObjectUpdate {
  const objNode = child(node, 'obj');
  const changes = children(node, 'changeSet').map((c): PropertyChange => {
    const val = child(c, 'val');
    return { name: text(child(c, 'name')), op: text(child(c, 'op')) as PropertyChange['op'], val: val === undefined ? undefined : decode(val) };
  });
  return { kind: text(child(node, 'kind')) as ObjectUpdate['kind'], obj: { type: attr(objNode, 'type') ?? '', value: text(objNode) }, changes };
}

