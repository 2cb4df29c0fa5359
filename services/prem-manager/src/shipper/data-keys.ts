import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { newDataKey, unwrapDataKey, wrapDataKey } from '@ferry/block-pipeline';

/**
 * One random data key per migration, stored only wrapped by the site key. The wrapped form travels
 * in every SessionOpen; cloud-manager unwraps it with the same site key.
 */
export class DataKeys {
  // Promises, not values: disks of one migration start together and must share one key.
  private readonly cache = new Map<string, Promise<{ dataKey: Buffer; wrapped: Buffer }>>();

  constructor(
    private readonly dir: string,
    private readonly siteKey: Buffer,
  ) {}

  forMigration(migrationId: string): Promise<{ dataKey: Buffer; wrapped: Buffer }> {
    let entry = this.cache.get(migrationId);
    if (entry === undefined) {
      entry = this.load(migrationId);
      this.cache.set(migrationId, entry);
      entry.catch(() => this.cache.delete(migrationId));
    }
    return entry;
  }

  private async load(migrationId: string): Promise<{ dataKey: Buffer; wrapped: Buffer }> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${createHash('sha256').update(migrationId).digest('hex').slice(0, 24)}.wrapped`);
    let wrapped: Buffer | undefined = await readFile(path).catch(() => undefined);
    if (wrapped === undefined) {
      wrapped = wrapDataKey(this.siteKey, newDataKey(), migrationId);
      await writeFile(`${path}.tmp`, wrapped, { mode: 0o600 });
      await rename(`${path}.tmp`, path);
    }
    return { dataKey: unwrapDataKey(this.siteKey, wrapped, migrationId), wrapped };
  }
}
