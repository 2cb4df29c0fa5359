/**
 * The persisted state of a cache volume: which chunks are present, which are known zero
 * (unmapped), which were written since the volume was created (for migrate-back), and which were
 * fetched on demand (what the guest's reads pulled from prem). Written
 * atomically (temp file, fsync, rename, fsync of the directory) so a crash leaves the old or the new.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { IntegrityError } from '@ferry/errors';
import { crc32c } from '../iscsi/crc32c';
import { Bitmap } from './bitmap';

const MAGIC = Buffer.from('FERRYCV1');
const HEADER = 32;
/** 2: the on-demand map added after the written map (version 1 files still load). */
const VERSION = 2;

/** The four chunk bitmaps plus the geometry they describe. */
export interface VolumeMeta {
  size: number;
  chunkSize: number;
  present: Bitmap;
  zero: Bitmap;
  written: Bitmap;
  /** Chunks fetched from prem on demand (a guest read them before the hydration brought them). */
  fetched: Bitmap;
}

export function emptyMeta(size: number, chunkSize: number): VolumeMeta {
  const chunks = Math.ceil(size / chunkSize);
  return { size, chunkSize, present: new Bitmap(chunks), zero: new Bitmap(chunks), written: new Bitmap(chunks), fetched: new Bitmap(chunks) };
}

function encode(meta: VolumeMeta): Buffer {
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(VERSION, 8);
  header.writeUInt32LE(meta.chunkSize, 12);
  header.writeBigUInt64LE(BigInt(meta.size), 16);
  header.writeUInt32LE(meta.present.size, 24);
  const body = Buffer.concat([header, meta.present.bytes, meta.zero.bytes, meta.written.bytes, meta.fetched.bytes]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc32c(body));
  return Buffer.concat([body, sum]);
}

/** Reads a meta file; undefined if there is none. A damaged file is an IntegrityError. */
export async function loadMeta(path: string): Promise<VolumeMeta | undefined> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const body = raw.subarray(0, raw.length - 4);
  if (raw.length < HEADER + 4 || !body.subarray(0, 8).equals(MAGIC) || crc32c(body) !== raw.readUInt32LE(raw.length - 4)) {
    throw new IntegrityError(`cache volume metadata ${path} is damaged (bad magic or checksum); remove the volume directory to start the cache empty`);
  }
  const chunkSize = body.readUInt32LE(12);
  const size = Number(body.readBigUInt64LE(16));
  const chunks = body.readUInt32LE(24);
  const n = Math.ceil(chunks / 8);
  const at = (k: number): Uint8Array => body.subarray(HEADER + k * n, HEADER + (k + 1) * n);
  // Version 1 files (before the on-demand map) have three bitmaps: nothing is known fetched then.
  const fetched = body.readUInt32LE(8) >= 2 ? new Bitmap(chunks, at(3)) : new Bitmap(chunks);
  return { size, chunkSize, present: new Bitmap(chunks, at(0)), zero: new Bitmap(chunks, at(1)), written: new Bitmap(chunks, at(2)), fetched };
}

/** Atomically replaces the meta file with `meta`, durable when it returns. */
export async function saveMeta(path: string, meta: VolumeMeta): Promise<void> {
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(encode(meta));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path) || '.', 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export const metaPathIn = (dir: string): string => join(dir, 'meta');
