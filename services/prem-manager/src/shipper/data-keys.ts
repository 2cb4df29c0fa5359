import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { newDataKey, unwrapDataKey, wrapDataKey } from '@ferry/block-pipeline';

/**
 * One random data key per migration, stored only wrapped by the site key. The wrapped form travels
 * in every SessionOpen; cloud-manager unwraps it with the same site key.
 */
export class DataKeys {
  private readonly cache = new Map<string, { dataKey: Buffer; wrapped: Buffer }>();

  constructor(
    private readonly dir: string,
    private readonly siteKey: Buffer,
  ) {}

  async forMigration(migrationId: string): Promise<{ dataKey: Buffer; wrapped: Buffer }> {
    const cached = this.cache.get(migrationId);
    if (cached !== undefined) return cached;
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${createHash('sha256').update(migrationId).digest('hex').slice(0, 24)}.wrapped`);
    let wrapped: Buffer | undefined = await readFile(path).catch(() => undefined);
    if (wrapped === undefined) {
      wrapped = wrapDataKey(this.siteKey, newDataKey(), migrationId);
      await writeFile(`${path}.tmp`, wrapped, { mode: 0o600 });
      await rename(`${path}.tmp`, path);
    }
    const entry = { dataKey: unwrapDataKey(this.siteKey, wrapped, migrationId), wrapped };
    this.cache.set(migrationId, entry);
    return entry;
  }
}
