import type { ChannelCredentials } from '@grpc/grpc-js';
import { LaneDialer } from '@ferry/demand-lane';
import { ValidationError } from '@ferry/errors';
import type { ferry } from '@ferry/proto';
import type { DataKeys } from '../shipper/data-keys';
import { SourceClient } from '../shipper/source-client';
import { demandAnswerer, exposedReply } from './demand-answerer';
import { ExposedDisks } from './exposed-disks';

/**
 * prem-manager's half of warm migration's demand reads: which disks are exposed, one lane dialled to
 * each cloud-manager they name (kept open and redialled), and the answers. Source clients here are
 * separate from the bulk copies', so a demand read never waits behind a bulk stream's window.
 */
export class DemandService {
  private readonly dialers = new Map<string, LaneDialer>();
  private readonly sources = new Map<string, SourceClient>();
  private readonly answer;

  private constructor(
    private readonly exposed: ExposedDisks,
    keys: DataKeys,
    private readonly credentials: ChannelCredentials,
    private readonly log: (line: string) => void,
  ) {
    this.answer = demandAnswerer(exposed, keys, (endpoint) => this.source(endpoint));
  }

  static async start(dir: string, keys: DataKeys, credentials: ChannelCredentials, log: (line: string) => void): Promise<DemandService> {
    const service = new DemandService(await ExposedDisks.open(dir), keys, credentials, log);
    for (const disk of service.exposed.all()) service.dial(disk.targetEndpoint);
    return service;
  }

  private source(endpoint: string): SourceClient {
    let client = this.sources.get(endpoint);
    if (client === undefined) this.sources.set(endpoint, (client = new SourceClient(endpoint, this.credentials, { lane: 'demand' })));
    return client;
  }

  private dial(endpoint: string): void {
    if (this.dialers.has(endpoint)) return;
    this.dialers.set(endpoint, new LaneDialer({ endpoint, credentials: this.credentials, peer: 'prem-manager', answer: this.answer, log: this.log }).start());
  }

  /** Demand lanes open now. */
  connectedLanes(): number {
    return [...this.dialers.values()].filter((d) => d.connected).length;
  }

  async expose(request: ferry.dataplane.v1.ExposeDiskRequest): Promise<ferry.dataplane.v1.ExposedDisk> {
    const { migrationId, diskId, sourceEndpoint, sourceLocator, targetEndpoint } = request;
    for (const [field, value] of Object.entries({ migrationId, diskId, sourceEndpoint, sourceLocator, targetEndpoint })) {
      if (value === '') throw new ValidationError(field, 'is empty; ExposeDisk needs the migration, the disk, its source (endpoint and locator) and cloud-manager\'s demand lane endpoint');
    }
    // Describing the source proves it is readable now, and gives the size the cache volume needs.
    const { virtualSize } = await this.source(sourceEndpoint).describe(sourceLocator);
    await this.exposed.put({ migrationId, diskId, sourceEndpoint, sourceLocator, targetEndpoint, virtualSize });
    this.dial(targetEndpoint);
    this.log(`disk ${diskId} of migration ${migrationId} exposed for demand reads (${virtualSize} bytes) over ${targetEndpoint}`);
    return exposedReply(migrationId, diskId, virtualSize, true);
  }

  async conceal(migrationId: string, diskId: string): Promise<ferry.dataplane.v1.ExposedDisk> {
    const disk = this.exposed.get(migrationId, diskId);
    await this.exposed.remove(migrationId, diskId);
    return exposedReply(migrationId, diskId, disk?.virtualSize ?? 0, false);
  }

  async close(): Promise<void> {
    await Promise.all([...this.dialers.values()].map((d) => d.close()));
    for (const source of this.sources.values()) source.close();
  }
}
