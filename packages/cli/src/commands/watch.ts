import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { EXIT, reportCallError, withApiOptions, type ApiOptions } from '../api/appliance';
import { connect } from '../api/connection';
import { progressLine, type DiskLine } from '../api/progress-line';
import { followMigration } from '../api/watch-stream';
import { downtimeLine } from './downtime-text';
import { backLine, phaseName, precopyLine } from './migration-text';
import type { CliIo } from '../io';

import api = ferry.api.v1;
import mig = ferry.migration.v1;



function diskLine(p: mig.IDiskProgress): DiskLine {
  return {
    diskKey: p.diskKey ?? '',
    capacityBytes: Number(p.capacityBytes ?? 0),
    bytesCopied: Number(p.bytesCopied ?? 0),
    rateBytesPerSecond: p.rateBytesPerSecond ?? 0,
    etaSeconds: Number(p.etaSeconds ?? -1),
    waitingReason: p.waitingReason ?? '',
    // A completed copy's record: the appliance sends its counts only then (a copy that moved nothing on the wire has none to show).
    ...(Number(p.wireBytes ?? 0) > 0
      ? { completed: { zeroBytes: Number(p.bytesSkippedZero ?? 0), unchangedBytes: Number(p.bytesUnchanged ?? 0), sourceBytes: Number(p.sourceBytes ?? 0), wireBytes: Number(p.wireBytes ?? 0) } }
      : {}),
  };
}

/** Human output: on a terminal one block redrawn in place, elsewhere one line per update. */
class ProgressView {
  private phase = '';
  /** The way back's line (migrate back), as last shown. */
  private back = '';
  /** Pre-copy: the predicted (and, once completed, measured) downtime, as last shown. */
  private downtime = '';
  /** Pre-copy: the syncs' line (generation, last delta, next sync), as last shown. */
  private precopy = '';
  private readonly disks = new Map<string, DiskLine>();
  private drawnLines = 0;

  constructor(private readonly io: CliIo, private readonly migrationId: string) {}

  show(update: api.MigrationUpdate): void {
    const changed = update.snapshot ? this.phase !== phaseName(update.snapshot.phase) : false;
    if (update.snapshot) {
      this.phase = phaseName(update.snapshot.phase);
      for (const d of update.snapshot.disks ?? []) this.disks.set(d.diskKey ?? '', diskLine(d));
    }
    if (update.progress) this.disks.set(update.progress.diskKey ?? '', diskLine(update.progress));
    const back = update.snapshot?.back ? backLine(update.snapshot.back) : this.back;
    const backChanged = back !== this.back;
    this.back = back;
    const downtime = update.snapshot ? downtimeLine(update.snapshot.downtime) : this.downtime;
    const downtimeChanged = downtime !== this.downtime;
    this.downtime = downtime;
    const precopy = update.snapshot?.precopy ? precopyLine(update.snapshot.precopy) : this.precopy;
    const precopyChanged = precopy !== this.precopy;
    this.precopy = precopy;
    if (this.io.tty) return this.redraw(update.snapshot?.failureReason ?? undefined);
    if (changed) this.io.out(`migration ${this.migrationId}: ${this.phase}${update.snapshot?.failureReason ? ` (${update.snapshot.failureReason})` : ''}\n`);
    if (backChanged) this.io.out(back);
    if (precopyChanged) this.io.out(precopy);
    if (downtimeChanged && downtime) this.io.out(`  ${downtime}\n`);
    if (update.progress) this.io.out(`${progressLine(diskLine(update.progress))}\n`);
  }

  private redraw(reason: string | undefined): void {
    // On the way back the disks' lines are the forward copy's; the back line says what returns.
    const disks = this.back ? [this.back.trimEnd()] : [...this.disks.values()].map((d) => `  ${progressLine(d)}`);
    const precopy = this.precopy ? [this.precopy.trimEnd()] : [];
    const lines = [`migration ${this.migrationId}: ${this.phase}${reason ? ` (${reason})` : ''}`, ...disks, ...precopy, ...(this.downtime ? [`  ${this.downtime}`] : [])];
    // Move up over the previous block and clear it, then draw the new one.
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F\x1b[J` : '';
    this.io.out(`${up}${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}

/** Follows a migration to its end; exit 0 when it completed (or was migrated back), 1 when it failed or was cancelled (or the call was refused), 3 unreachable. */
export async function watchToEnd(io: CliIo, options: ApiOptions, migrationId: string): Promise<void> {
  const { client, credential } = await connect(options);
  const view = new ProgressView(io, migrationId);
  try {
    const last = await followMigration(client, migrationId, (update) => (options.json ? io.out(`${JSON.stringify(update.toJSON())}\n`) : view.show(update)));
    const phase = last?.phase ?? mig.Phase.PHASE_UNSPECIFIED;
    if (phase === mig.Phase.PHASE_COMPLETED || phase === mig.Phase.PHASE_MIGRATED_BACK) return io.exit(EXIT.ok);
    if (!options.json) io.err(`ferry: migration ${migrationId} ended ${phaseName(phase)}${last?.failureReason ? `: ${last.failureReason}` : ''}\n`);
    io.exit(EXIT.refused);
  } catch (error) {
    reportCallError(io, options, client, error, credential);
  } finally {
    client.close();
  }
}

/** `ferry watch <migration>`. */
export function registerWatch(program: Command, io: CliIo): void {
  withApiOptions(
    program
      .command('watch')
      .description('follow a migration: a progress bar per disk with rate and ETA (one JSON object per update with --json); exit 0 completed or migrated back, 1 failed or cancelled')
      .argument('<migration>', 'migration id'),
  ).action((migrationId: string, options: ApiOptions) => watchToEnd(io, options, migrationId));
}
