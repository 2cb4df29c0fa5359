import type { CompressionSetting } from '@ferry/block-pipeline';
import { CompressionTally } from './compression-counts';
import { jobKey } from './job-store';

export { CompressionTally };

/** One transfer's tally and the setting it runs under. */
export interface TransferCompression {
  setting: CompressionSetting;
  readonly tally: CompressionTally;
}

/**
 * The tallies of the transfers, by transfer: in memory while prem-manager runs, seeded from the
 * transfer's tally files (TallyFiles) when it first needs one, so a restart loses no count.
 */
export class CompressionTallies {
  private readonly byKey = new Map<string, TransferCompression>();

  /** The entry of a transfer, made at its first session here from what `saved` (its tally files) counted before. */
  of(job: { migrationId: string; diskId: string; generation: number }, setting: CompressionSetting, saved: () => CompressionTally = () => new CompressionTally()): TransferCompression {
    const key = jobKey(job.migrationId, job.diskId, job.generation);
    let entry = this.byKey.get(key);
    if (entry === undefined) this.byKey.set(key, (entry = { setting, tally: saved() }));
    entry.setting = setting;
    return entry;
  }

  /** The entry of a transfer, if it ran a session since prem-manager started. */
  peek(job: { migrationId: string; diskId: string; generation: number }): TransferCompression | undefined {
    return this.byKey.get(jobKey(job.migrationId, job.diskId, Math.max(1, job.generation)));
  }
}

export const transferCompression = new CompressionTallies();
