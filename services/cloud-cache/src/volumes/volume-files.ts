/**
 * A command-made volume on disk, under CACHE_DIR/volumes/<16 hex of sha256(iqn)>/:
 *   volume.json       the definition without secrets
 *   credentials.json  the CHAP credentials, mode 0600 (the only place a secret is written)
 *   lun-<n>/          the LUN's cache volume (data, meta with its bitmaps, source-hashes)
 * A volume appears whole or not at all: its files are written in a `.creating-*` directory that is
 * renamed into place, and a deleted one is renamed to `.deleting-*` before it is removed; leftovers of
 * either (a crash in between) are removed by {@link VolumeFiles.sweep}.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IntegrityError } from '@ferry/errors';
import type { ChapCredentials } from '../iscsi/login';
import type { LunDefinition, VolumeDefinition } from './volume-definition';

const DEFINITION = 'volume.json';
const CREDENTIALS = 'credentials.json';
const CREATING = '.creating-';
const DELETING = '.deleting-';

/** volume.json: the definition, with the CHAP user names only. */
interface StoredDefinition {
  version: 1;
  iqn: string;
  luns: LunDefinition[];
  requestId: string;
  createdAt: number;
  /** The initiator allow list; absent in files written before it existed (then: any that passes CHAP). */
  initiators?: string[];
}

export class VolumeFiles {
  constructor(readonly root: string) {}

  /** The directory of the volume named `iqn` (a hash: IQNs may hold characters paths may not). */
  dirOf(iqn: string): string {
    return join(this.root, createHash('sha256').update(iqn).digest('hex').slice(0, 16));
  }

  static lunDir(volumeDir: string, lun: number): string {
    return join(volumeDir, `lun-${lun}`);
  }

  /** Removes what a crash left half made or half deleted. */
  async sweep(): Promise<void> {
    for (const name of await this.entries()) {
      if (name.startsWith(CREATING) || name.startsWith(DELETING)) await rm(join(this.root, name), { recursive: true, force: true });
    }
  }

  /** Persists a new volume's definition and credentials; returns its directory. */
  async write(definition: VolumeDefinition): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const staging = join(this.root, `${CREATING}${randomBytes(6).toString('hex')}`);
    const final = this.dirOf(definition.iqn);
    try {
      await mkdir(staging);
      const { iqn, luns, requestId, createdAt, initiators } = definition;
      const stored: StoredDefinition = { version: 1, iqn, luns, requestId, createdAt, initiators };
      await writeDurably(join(staging, DEFINITION), JSON.stringify(stored, null, 2), 0o644);
      await writeDurably(join(staging, CREDENTIALS), JSON.stringify(definition.chap), 0o600);
      await syncDir(staging);
      await rename(staging, final);
      await syncDir(this.root);
      return final;
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /** The directories of every persisted volume (call after sweep). */
  async list(): Promise<string[]> {
    return (await this.entries()).filter((name) => !name.startsWith('.')).map((name) => join(this.root, name));
  }

  /** The definition persisted in a volume directory; an IntegrityError when its files are damaged. */
  read(dir: string): Promise<VolumeDefinition> {
    return readDefinition(dir);
  }

  /** Removes a volume's directory: first out of sight (one rename), then its files. */
  async remove(iqn: string): Promise<void> {
    const doomed = join(this.root, `${DELETING}${randomBytes(6).toString('hex')}`);
    await rename(this.dirOf(iqn), doomed);
    await syncDir(this.root);
    await rm(doomed, { recursive: true, force: true });
  }

  private async entries(): Promise<string[]> {
    try {
      return await readdir(this.root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

async function readDefinition(dir: string): Promise<VolumeDefinition> {
  const stored = (await readJson(join(dir, DEFINITION))) as Partial<StoredDefinition> | undefined;
  const chap = (await readJson(join(dir, CREDENTIALS))) as Partial<ChapCredentials> | undefined;
  if (!isStoredDefinition(stored) || typeof chap?.user !== 'string' || typeof chap.secret !== 'string') {
    throw new IntegrityError(`volume files in ${dir} are incomplete or of an unknown version; restore them from a backup or remove the directory to drop the volume`);
  }
  const initiators = Array.isArray(stored.initiators) ? stored.initiators.filter((n): n is string => typeof n === 'string') : [];
  return { iqn: stored.iqn, luns: stored.luns, requestId: stored.requestId ?? '', createdAt: stored.createdAt ?? 0, chap: chap as ChapCredentials, initiators };
}

function isStoredDefinition(s: Partial<StoredDefinition> | undefined): s is StoredDefinition {
  return s?.version === 1 && typeof s.iqn === 'string' && Array.isArray(s.luns);
}

/** Parsed JSON, or undefined when the file is not JSON; the parser's message is dropped, as it quotes the content (a secret). */
async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new IntegrityError(`cannot read ${path} (${code}); restore it from a backup or remove the volume's directory to drop the volume`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function writeDurably(path: string, content: string, mode: number): Promise<void> {
  const file = await open(path, 'wx', mode);
  try {
    await file.writeFile(content);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function syncDir(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
