/**
 * Group commit: concurrent callers share one run of a commit (e.g. fsync + bitmap save). A caller
 * arriving while a run is under way waits for the next run, which starts once that one ends and
 * serves everybody who arrived meanwhile.
 */
export class GroupCommit {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly commit: () => Promise<void>) {}

  /** Resolves once a commit that started after this call has finished. */
  run(): Promise<void> {
    if (!this.running) {
      this.running = this.commit().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.run();
      });
    return this.queued;
  }
}
