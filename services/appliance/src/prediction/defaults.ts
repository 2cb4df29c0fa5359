// The step durations and rates a prediction falls back to while the site has no history of its own
// (documented in docs/precopy-migration.md, "Scheduling and downtime prediction"). Every use is named in
// the prediction's output (basis "default"), so an operator knows which figures are guesses.

const MiB = 2 ** 20;

export const DEFAULTS = {
  /** Guest shutdown until the source is off (the appliance waits up to GUEST_SHUTDOWN_TIMEOUT_MS, then powers off hard). */
  shutdownMs: 60_000,
  /** Target VM created on the cloud vCenter with its disks attached. */
  createTargetMs: 20_000,
  /** Guest fixup of the replica (mount, drivers, initramfs). */
  fixupMs: 120_000,
  /** Power-on of the target. */
  powerOnMs: 10_000,
  /** Warm: source off until the cloud host boots over the cache. */
  bootOverCacheMs: 90_000,
  /** A full copy through the data plane. */
  fullCopyBytesPerSecond: 100 * MiB,
  /** Delta syncs' throughput and fixed cost (snapshot create and remove, digests). */
  deltaBytesPerSecond: 100 * MiB,
  syncOverheadMs: 10_000,
  /** The final sync re-hashes the whole source disk (rehash_source): 400 MiB/s. */
  rehashMillisPerGiB: 2_560,
} as const;
