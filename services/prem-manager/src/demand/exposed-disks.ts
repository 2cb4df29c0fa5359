import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A prem disk the cloud cache may read on demand (ExposeDisk), persisted so a restart keeps serving it. */
export interface ExposedDisk {
  migrationId: string;
  diskId: string;
  sourceEndpoint: string;
  sourceLocator: string;
  /** cloud-manager's demand lane (host:port) this prem-manager dials. */
  targetEndpoint: string;
  virtualSize: number;
}

const fileOf = (migrationId: string, diskId: string): string => `${createHash('sha256').update(`${migrationId}\0${diskId}`).digest('hex').slice(0, 24)}.json`;

/**
 * The exposed disks as one JSON file each under `dir`. Only these can be read on demand: the cloud
 * side can ask, but prem decides what it may ask for.
 */
export class ExposedDisks {
  private readonly byKey = new Map<string, ExposedDisk>();

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<ExposedDisks> {
    await mkdir(dir, { recursive: true });
    const store = new ExposedDisks(dir);
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.json')) continue;
      const disk = JSON.parse(await readFile(join(dir, name), 'utf8')) as ExposedDisk;
      store.byKey.set(`${disk.migrationId}\0${disk.diskId}`, disk);
    }
    return store;
  }

  get(migrationId: string, diskId: string): ExposedDisk | undefined {
    return this.byKey.get(`${migrationId}\0${diskId}`);
  }

  all(): ExposedDisk[] {
    return [...this.byKey.values()];
  }

  async put(disk: ExposedDisk): Promise<void> {
    const path = join(this.dir, fileOf(disk.migrationId, disk.diskId));
    await writeFile(`${path}.tmp`, JSON.stringify(disk));
    await rename(`${path}.tmp`, path);
    this.byKey.set(`${disk.migrationId}\0${disk.diskId}`, disk);
  }

  async remove(migrationId: string, diskId: string): Promise<boolean> {
    const known = this.byKey.delete(`${migrationId}\0${diskId}`);
    await rm(join(this.dir, fileOf(migrationId, diskId)), { force: true });
    return known;
  }
}
