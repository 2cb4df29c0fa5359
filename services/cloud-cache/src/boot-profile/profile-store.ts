/**
 * Boot profiles on disk: one small JSON file per profile key (guest OS + image family, e.g.
 * "debian-12/ferry-test") under the cache's state directory. A profile holds chunk indexes and the
 * chunk size they count in, nothing of the disk's content.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '@ferry/errors';

/** A stored boot profile. */
export interface BootProfile {
  key: string;
  /** Bytes per chunk the indexes count in. */
  chunkSize: number;
  /** Chunks in the order the first boot touched them. */
  chunks: number[];
  /** Unix ms when the recording ended. */
  recordedAt: number;
}

const KEY = /^[a-z0-9][a-z0-9._-]{0,62}(\/[a-z0-9][a-z0-9._-]{0,62})?$/;

/** Throws unless `key` is a profile key: lower-case "<guest os>/<image family>" (the family part optional). */
export function checkProfileKey(key: string, field = 'bootProfileKey'): string {
  if (!KEY.test(key)) {
    throw new ValidationError(field, `"${key}" is not a boot profile key; use lower-case letters, digits, ".", "_" and "-", as "<guest os>/<image family>", e.g. "debian-12/ferry-test"`);
  }
  return key;
}

export class ProfileStore {
  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    return join(this.dir, `${checkProfileKey(key).replace('/', '+')}.json`);
  }

  /** The profile stored under `key`, or undefined when there is none (or it is unreadable: it is then re-recorded). */
  async load(key: string): Promise<BootProfile | undefined> {
    const text = await readFile(this.pathOf(key), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as Partial<BootProfile>;
      const chunks = parsed.chunks;
      if (parsed.key !== key || typeof parsed.chunkSize !== 'number' || !Array.isArray(chunks) || !chunks.every((i) => Number.isSafeInteger(i) && i >= 0)) return undefined;
      return { key, chunkSize: parsed.chunkSize, chunks, recordedAt: Number(parsed.recordedAt ?? 0) };
    } catch {
      return undefined;
    }
  }

  /** Stores `profile` atomically (a crash leaves the old file or the new one, never half of one). */
  async save(profile: BootProfile): Promise<void> {
    const path = this.pathOf(profile.key);
    await mkdir(this.dir, { recursive: true });
    const temp = `${path}.tmp`;
    await writeFile(temp, `${JSON.stringify(profile)}\n`, { mode: 0o600 });
    await rename(temp, path);
  }
}
