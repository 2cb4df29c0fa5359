// The keys login tokens are signed with, in the appliance's STATE_DIR (0700): the current one in
// api-token.key (base64, 0600, made at first start) and the previous ones in api-token.previous (JSON,
// 0600), each kept until the last token it signed has expired. A key's id (the JWT "kid") is derived
// from the key, so replicas sharing the files agree on it without more state.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IllegalStateError } from '@ferry/errors';

/** The current signing key's file under STATE_DIR. */
export const TOKEN_KEY_FILE = 'api-token.key';
/** The previous keys' file under STATE_DIR. */
export const PREVIOUS_TOKEN_KEYS_FILE = 'api-token.previous';

export interface TokenKey {
  /** 16 hex digits of the key's SHA-256: names the key in tokens and events, reveals nothing of it. */
  readonly id: string;
  readonly secret: Uint8Array;
}

/** A previous key, and until when the tokens it signed are accepted (Unix ms). */
export interface RetiredTokenKey extends TokenKey {
  readonly acceptedUntil: number;
}

interface StoredPrevious {
  readonly key: string;
  readonly acceptedUntil: number;
}

export function tokenKeyIdOf(secret: Uint8Array): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

const keyOf = (secret: Uint8Array): TokenKey => ({ id: tokenKeyIdOf(secret), secret });

/** Writes `text` to `file` (0600) whole or not at all: a reader never sees half a key. */
async function replaceFile(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

async function readCurrent(stateDir: string): Promise<TokenKey> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, TOKEN_KEY_FILE);
  try {
    await writeFile(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(file, 0o600);
  const secret = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (secret.length < 32) throw new IllegalStateError(`${file} holds ${secret.length} bytes, fewer than 32; delete it and restart the appliance to make a new key (every user logs in again)`);
  return keyOf(secret);
}

async function readPrevious(stateDir: string, nowMs: number): Promise<RetiredTokenKey[]> {
  const file = join(stateDir, PREVIOUS_TOKEN_KEYS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let stored: StoredPrevious[];
  try {
    stored = JSON.parse(text) as StoredPrevious[];
    if (!Array.isArray(stored)) throw new Error('not a list');
  } catch (cause) {
    throw new IllegalStateError(`${file} is not a list of previous token keys (${String(cause)}); delete it (tokens of earlier keys are then refused, their users log in again) and restart`, { cause });
  }
  return stored.filter((p) => p.acceptedUntil > nowMs).map((p) => ({ ...keyOf(Buffer.from(p.key, 'base64')), acceptedUntil: p.acceptedUntil }));
}

/** The current key and the previous ones still accepted, as the state dir holds them. */
export class TokenKeys {
  private rotation: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly stateDir: string,
    private currentKey: TokenKey,
    private previousKeys: readonly RetiredTokenKey[],
  ) {}

  /** Reads the keys, making the current one on first start. */
  static async open(stateDir: string, nowMs: number): Promise<TokenKeys> {
    return new TokenKeys(stateDir, await readCurrent(stateDir), await readPrevious(stateDir, nowMs));
  }

  get current(): TokenKey {
    return this.currentKey;
  }

  /** The key with id `id` that may still verify a token at `nowMs`. */
  find(id: string, nowMs: number): TokenKey | undefined {
    if (id === this.currentKey.id) return this.currentKey;
    return this.previousKeys.find((k) => k.id === id && k.acceptedUntil > nowMs);
  }

  /** Reads the files again: another replica sharing them, or an operator, may have rotated the key. */
  async reload(nowMs: number): Promise<void> {
    this.currentKey = await readCurrent(this.stateDir);
    this.previousKeys = await readPrevious(this.stateDir, nowMs);
  }

  /**
   * Makes a new current key; the old one verifies the tokens it signed until `nowMs + keepMs`. The
   * previous keys are written before the new current one, so a crash between leaves the old key
   * current (and listed twice), never lost.
   */
  rotate(nowMs: number, keepMs: number): Promise<{ current: TokenKey; previous: RetiredTokenKey }> {
    const next = this.rotation.then(async () => {
      const previous: RetiredTokenKey = { ...this.currentKey, acceptedUntil: nowMs + keepMs };
      const kept = [...this.previousKeys.filter((k) => k.acceptedUntil > nowMs && k.id !== previous.id), previous];
      const stored: StoredPrevious[] = kept.map((k) => ({ key: Buffer.from(k.secret).toString('base64'), acceptedUntil: k.acceptedUntil }));
      await replaceFile(join(this.stateDir, PREVIOUS_TOKEN_KEYS_FILE), `${JSON.stringify(stored)}\n`);
      const secret = randomBytes(32);
      await replaceFile(join(this.stateDir, TOKEN_KEY_FILE), secret.toString('base64'));
      this.previousKeys = kept;
      this.currentKey = keyOf(secret);
      return { current: this.currentKey, previous };
    });
    this.rotation = next.catch(() => undefined);
    return next;
  }
}
