import { open, type FileHandle } from 'node:fs/promises';
import { chunkRange, zeroChunkHash } from '@ferry/block-pipeline';

const UNKNOWN = Buffer.alloc(32);

/**
 * The prem source's SHA-256 of each chunk, as verified frames (demand reads and hydration) announced
 * it: 32 bytes a chunk in one file, all zero where unknown (no real SHA-256 is all zero). It lets the
 * cache check a hydration's whole-disk digest although the guest's writes changed what the cache holds,
 * and tells a resumed hydration which chunks it already has from the source.
 */
export class SourceHashes {
  private dirty = false;

  private constructor(
    private readonly file: FileHandle,
    private readonly hashes: Buffer,
  ) {}

  static async open(path: string, chunks: number): Promise<SourceHashes> {
    const file = await open(path, 'a+').then((h) => h.close()).then(() => open(path, 'r+'));
    const hashes = Buffer.alloc(chunks * 32);
    await file.read(hashes, 0, hashes.length, 0);
    return new SourceHashes(file, hashes);
  }

  known(index: number): boolean {
    return !this.hashes.subarray(index * 32, index * 32 + 32).equals(UNKNOWN);
  }

  /** Records chunk `index`'s source hash (durable after the next sync()). */
  async record(index: number, sha256: Buffer): Promise<void> {
    if (this.hashes.subarray(index * 32, index * 32 + 32).equals(sha256)) return;
    sha256.copy(this.hashes, index * 32);
    this.dirty = true;
    await this.file.write(this.hashes, index * 32, 32, index * 32);
  }

  /** Every chunk's hash for the whole-disk digest; an unknown chunk counts as zeros (the source skipped it as such). */
  digestInputs(virtualSize: number, chunkSize: number): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i * chunkSize < virtualSize; i++) {
      out.push(this.known(i) ? Buffer.from(this.hashes.subarray(i * 32, i * 32 + 32)) : zeroChunkHash(chunkRange(i, virtualSize, chunkSize).length));
    }
    return out;
  }

  async sync(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await this.file.datasync();
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
