/**
 * Sane limits that bound memory whatever an image header claims. A header that exceeds them
 * is rejected with a DiskFormatError before anything is allocated.
 */
export const Limits = {
  /** Largest guest disk we accept: 64 TiB (VMFS and qcow2 defaults stay well under it). */
  maxVirtualSize: 64 * 2 ** 40,
  /** Largest metadata table (qcow2 L1, VMDK grain directory) held in memory. qemu uses 32 MiB too. */
  maxTopTableBytes: 32 * 2 ** 20,
  /** Bytes of second-level tables (qcow2 L2, VMDK grain tables) kept in the LRU cache. */
  tableCacheBytes: 8 * 2 ** 20,
  /** Largest piece a read is split into. */
  readPieceBytes: 4 * 2 ** 20,
  /** Largest single read() a caller may ask for (it allocates the result). */
  maxReadBytes: 256 * 2 ** 20,
  /** Longest backing chain followed. */
  maxChainDepth: 16,
  /** Largest VMDK descriptor (text) read. */
  maxDescriptorBytes: 64 * 1024,
  /** Largest header extension area / backing name read from a qcow2 header. */
  maxBackingNameBytes: 4096,
} as const;
