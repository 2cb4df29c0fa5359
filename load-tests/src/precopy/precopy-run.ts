// One pre-copy migration of bench:precopy: a writer changes the VM's disk at a steady rate through the
// full sync and BENCH_PRECOPY_DELTAS delta syncs, then the cutover; what it measured and what was predicted.
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { ferry } from '@ferry/proto';
import { last, until } from './events';
import type { BenchVm, PrecopySite } from './site';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

const MiB = 2 ** 20;

export interface PrecopyRun {
  readonly migrationId: string;
  /** 4 KiB writes the writer made. */
  readonly writes: number;
  /** MigrationCompleted.downtime_millis: source off → target on. */
  readonly downtimeMs: number;
  /** Cutover request → target on: what the prediction covers (the bench asks right after a sync, so nothing waits). */
  readonly cutoverMs: number;
  readonly durationMs: number;
  readonly predicted?: mig.IDowntimePrediction;
  readonly dirtyBytesPerMinute: number;
  readonly full: mig.DeltaSyncCompleted;
  readonly final: mig.DeltaSyncCompleted;
}

/** Touches `chunksPerSecond` random 1 MiB chunks of the VM's disk each second, as a running guest would. */
function startWriter(vm: BenchVm, diskMiB: number, chunksPerSecond: number): { stop(): Promise<number> } {
  let writes = 0;
  let stopped = false;
  const done = (async () => {
    const handle = await open(vm.flatFile, 'r+');
    try {
      while (!stopped) {
        for (let i = 0; i < chunksPerSecond; i++) {
          await handle.write(randomBytes(4096), 0, 4096, Math.floor(Math.random() * diskMiB) * MiB + 4096 * Math.floor(Math.random() * 255));
          writes++;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } finally {
      await handle.close();
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return writes;
    },
  };
}

export async function runPrecopy(site: PrecopySite, vm: BenchVm, settings: { diskMiB: number; intervalS: number; deltas: number; chunksPerSecond: number }): Promise<PrecopyRun> {
  const migrationId = await site.migrate(vm, mig.MigrationMode.MIGRATION_MODE_PRECOPY, settings.intervalS);
  const writer = startWriter(vm, settings.diskMiB, settings.chunksPerSecond);
  let writes = 0;
  let synced: mig.IMigrationEvent[];
  try {
    synced = await until(site, migrationId, (t) => t.filter((x) => x === 'DeltaSyncCompleted').length >= 1 + settings.deltas, `${settings.deltas} delta syncs`, 600_000);
    await site.call<api.ICutoverRequest, api.Migration>('Cutover', { migrationId, reason: 'bench:precopy' });
  } finally {
    // The guest stops writing as it shuts down.
    writes = await writer.stop();
  }
  const all = await until(site, migrationId, (t) => t.includes('MigrationCompleted'), 'completion (pre-copy)', 600_000);
  const completed = last(all, 'MigrationCompleted', (b) => mig.MigrationCompleted.decode(b))!;
  const at = (type: string): number => Number(all.find((e) => e.typeName === type)?.meta?.at?.unixMillis ?? 0);
  const predicted = last(all, 'DowntimePredicted', (b) => mig.DowntimePredicted.decode(b))?.prediction ?? undefined;
  return {
    migrationId, writes, downtimeMs: Number(completed.downtimeMillis), cutoverMs: at('TargetPoweredOn') - at('CutoverRequested'), durationMs: Number(completed.durationMillis),
    ...(predicted ? { predicted } : {}),
    dirtyBytesPerMinute: last(synced, 'DeltaSyncCompleted', (b) => mig.DeltaSyncCompleted.decode(b))!.dirtyBytesPerMinute,
    full: mig.DeltaSyncCompleted.decode(all.find((e) => e.typeName === 'DeltaSyncCompleted')!.payload!),
    final: last(all, 'DeltaSyncCompleted', (b) => mig.DeltaSyncCompleted.decode(b))!,
  };
}

/** (predicted − measured) / measured of the whole cutover; NaN without a recorded prediction. */
export function predictionError(run: PrecopyRun): number {
  const predicted = Number(run.predicted?.downtimeMillis ?? 0);
  return predicted > 0 && run.cutoverMs > 0 ? (predicted - run.cutoverMs) / run.cutoverMs : Number.NaN;
}
