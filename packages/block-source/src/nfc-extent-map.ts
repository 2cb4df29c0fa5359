import type { DiskExtent } from '@ferry/block-pipeline';

/**
 * The allocation an export stream has revealed so far: below the frontier, grains seen are
 * allocated and gaps are zero; above it nothing is known yet, so it counts as allocated (the
 * block server still sends all-zero chunks as zero ranges).
 */
export class LearnedExtents {
  private readonly runs: Array<{ offset: number; end: number }> = [];
  private frontier = 0;

  constructor(private readonly virtualSize: number) {}

  /** How far the map is exact. */
  get known(): number {
    return this.frontier;
  }

  grain(offset: number, length: number): void {
    const last = this.runs[this.runs.length - 1];
    const end = offset + length;
    if (last !== undefined && offset < last.end) return; // a later pass over ground already mapped
    if (last !== undefined && offset === last.end) last.end = end;
    else this.runs.push({ offset, end });
  }

  passed(position: number): void {
    this.frontier = Math.max(this.frontier, Math.min(position, this.virtualSize));
  }

  *extents(): Generator<DiskExtent> {
    let at = 0;
    for (const run of this.runs) {
      if (run.offset >= this.frontier) break;
      if (run.offset > at) yield { offset: at, length: run.offset - at, allocated: false };
      const end = Math.min(run.end, this.virtualSize);
      yield { offset: run.offset, length: end - run.offset, allocated: true };
      at = end;
    }
    if (this.frontier > at) yield { offset: at, length: this.frontier - at, allocated: false };
    at = Math.max(at, this.frontier);
    if (at < this.virtualSize) yield { offset: at, length: this.virtualSize - at, allocated: true };
  }
}
