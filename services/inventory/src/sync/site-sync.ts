import type { EventStore, ProjectionRunner } from '@ferry/event-store';
import { VsphereClient, type TlsTrust } from '@ferry/vsphere';
import { InventoryCollector } from '../inventory/collector';
import type { InventoryEvent } from '../inventory/events';
import type { Site } from '../inventory/model';
import { InventoryJournal } from '../journal/journal';
import type { InventoryReadModel } from '../journal/read-model';

/** How to reach one vCenter. */
export interface VcenterEndpoint {
  site: Site;
  url: string;
  username: string;
  password: string;
  tls: TlsTrust;
}

/** What a SiteSync needs from the service. */
export interface SiteSyncDeps {
  store: EventStore;
  runner: ProjectionRunner;
  model: InventoryReadModel;
  log: (message: string) => void;
  /** Called when `synced` changes (health re-evaluates). */
  onChange?: () => void;
  /** Pause after a failure before the next attempt (default 2 s, doubling up to 30 s). */
  retryMs?: number;
}

/**
 * Keeps one vCenter's stream in step with the vCenter: connect, seed the collector with what the
 * store already holds, full collection (only differences are appended), then follow changes.
 * Any failure (vCenter or NATS) starts the cycle again after a pause: the collector's memory may
 * be ahead of the store after a failed append, so it is rebuilt from the store, never trusted.
 */
export class SiteSync {
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private client: VsphereClient | undefined;
  private collector: InventoryCollector | undefined;
  /** True once the first full collection was stored. */
  synced = false;

  constructor(readonly endpoint: VcenterEndpoint, private readonly deps: SiteSyncDeps) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let pause = this.deps.retryMs ?? 2_000;
    while (!this.stopped) {
      const failed = new Promise<Error>((resolve) => (this.wake = () => resolve(new Error('stopped'))));
      try {
        const error = await this.cycle(failed);
        if (this.stopped) break;
        this.deps.log(`${this.endpoint.site} vCenter ${this.endpoint.url}: ${error.message}; collecting again in ${pause} ms`);
      } catch (error) {
        if (this.stopped) break;
        this.deps.log(`${this.endpoint.site} vCenter ${this.endpoint.url}: ${(error as Error).message}; retrying in ${pause} ms`);
      }
      await this.teardown();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      pause = Math.min(pause * 2, 30_000);
    }
    await this.teardown();
  }

  /** One connect-collect-follow cycle; resolves with the error that ended it. */
  private async cycle(failed: Promise<Error>): Promise<Error> {
    const { site, url, username, password, tls } = this.endpoint;
    this.client = await VsphereClient.connect({ url, username, password, tls, warn: this.deps.log });
    await this.deps.runner.caughtUp();
    const journal = new InventoryJournal(this.deps.store, site, this.deps.model.versionOf(site));
    let fail: (error: Error) => void = () => undefined;
    const appendFailed = new Promise<Error>((resolve) => (fail = resolve));
    const sink = async (events: InventoryEvent[]): Promise<void> => {
      try {
        await journal.append(events);
      } catch (error) {
        fail(new Error(`storing ${events.length} inventory events failed (${(error as Error).message})`));
        throw error;
      }
    };
    this.collector = new InventoryCollector(this.client, site, sink, { onError: (e) => this.deps.log(`${site} vCenter: ${e.message}`) });
    this.collector.seed(this.deps.model.view.allVms(site), this.deps.model.view.allInfra(site));
    const counts = await this.collector.collectAll();
    await this.collector.follow();
    this.deps.log(`${site} vCenter ${url}: ${counts.vms} VMs and ${counts.objects} objects collected; following changes`);
    this.synced = true;
    this.deps.onChange?.();
    return Promise.race([failed, appendFailed]);
  }

  private async teardown(): Promise<void> {
    const collector = this.collector;
    const client = this.client;
    this.collector = undefined;
    this.client = undefined;
    await collector?.stop().catch(() => undefined);
    await client?.logout().catch(() => undefined);
  }
}
