/**
 * The moments a session passed its milestones (accepted, first frame out, stripes joined, last frame
 * out, digest confirmed), in seconds from its start, for its log line: on a long round trip the
 * start and the end of a session are where its time goes, and this says which.
 */
export class SessionTimeline {
  private readonly marks: Array<[string, number]> = [];

  constructor(private readonly startedAt: bigint) {}

  /** Seconds since the session started. */
  elapsed(): number {
    return Number(process.hrtime.bigint() - this.startedAt) / 1e9;
  }

  /** Marks `milestone` now; marks are kept in the order they happen. */
  mark(milestone: string): void {
    this.marks.push([milestone, this.elapsed()]);
  }

  /** Marks `milestone` the first time only. */
  markOnce(milestone: string): void {
    if (!this.marks.some(([name]) => name === milestone)) this.mark(milestone);
  }

  /** "accepted 0.09 s, first frame out 0.15 s, …", in the order they happened. */
  describe(): string {
    return this.marks.map(([name, at]) => `${name} ${at.toFixed(2)} s`).join(', ');
  }
}
