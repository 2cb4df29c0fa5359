/** What a program run in the guest returned. */
export interface GuestRunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A way into a guest: vSphere Guest Operations (VMware Tools), SSH, or a root file system mounted
 * on this host (offline, through chroot). The prep runner only uses these four operations.
 */
export interface GuestChannel {
  readonly kind: 'offline' | 'ssh' | 'vsphere-guest-ops';
  /** Linux guests are run with --offline when the guest is not running (its root is mounted here). */
  readonly offline: boolean;
  /** Copies the files of a local folder (recursively) into `guestDir`, creating it. */
  upload(localDir: string, guestDir: string): Promise<void>;
  /** Runs `argv` in the guest as root (Linux) or as the channel's user (Windows). */
  run(argv: readonly string[], options?: { timeoutMs?: number }): Promise<GuestRunResult>;
  /** A file's bytes from the guest. */
  readFile(guestPath: string): Promise<Buffer>;
  /** Releases whatever the channel holds (mounts, connections). Idempotent. */
  close(): Promise<void>;
}
