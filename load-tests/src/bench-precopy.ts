// npm run bench:precopy — the downtime of pre-copy migrations against a cold migration of the same VM
// (VMs made from one image), side by side in one run on one site: every Ferry service on loopback, two
// vcsims with CBT. The cold one runs first (it gives the site the step history the prediction reads);
// then two pre-copy migrations, each while a writer changes its disk at a steady rate
// (BENCH_PRECOPY_CHUNKS_PER_S chunks of 1 MiB touched per second) through the full sync and
// BENCH_PRECOPY_DELTAS delta syncs, then the cutover. The first predicts the final sync's re-hash of the
// source from its own full sync; the second from the first's final sync (the site's history). Prints the
// downtimes, the downtime predicted at each cutover (DowntimePredicted) and its error, then one JSON line.
import { cpus, loadavg } from 'node:os';
import { ferry } from '@ferry/proto';
import { last, until } from './precopy/events';
import { predictionError, runPrecopy, type PrecopyRun } from './precopy/precopy-run';
import { startPrecopySite } from './precopy/site';

import mig = ferry.migration.v1;

const SETTINGS = {
  diskMiB: Number(process.env.BENCH_PRECOPY_DISK_MIB ?? 256),
  intervalS: Number(process.env.BENCH_PRECOPY_INTERVAL_S ?? 10),
  deltas: Number(process.env.BENCH_PRECOPY_DELTAS ?? 3),
  chunksPerSecond: Number(process.env.BENCH_PRECOPY_CHUNKS_PER_S ?? 2),
};
const MiB = 2 ** 20;

const say = (line: string): void => void process.stderr.write(`bench:precopy: ${line}\n`);
const s = (ms: number): number => Number((ms / 1000).toFixed(2));
const pct = (error: number): string => (Number.isNaN(error) ? '-' : `${(error * 100).toFixed(1)} %`);

function table(cold: mig.MigrationCompleted, runs: readonly PrecopyRun[]): void {
  const rows: string[][] = [
    ['', 'cold', ...runs.map((_, i) => `pre-copy ${i + 1}`)],
    ['source off → target on (s)', String(s(Number(cold.downtimeMillis))), ...runs.map((r) => String(s(r.downtimeMs)))],
    ['cutover request → on (s)', '-', ...runs.map((r) => String(s(r.cutoverMs)))],
    ['predicted cutover (s)', '-', ...runs.map((r) => (r.predicted ? String(s(Number(r.predicted.downtimeMillis))) : 'none recorded'))],
    ['prediction error', '-', ...runs.map((r) => pct(predictionError(r)))],
    ['migration (s)', String(s(Number(cold.durationMillis))), ...runs.map((r) => String(s(r.durationMs)))],
    ['full sync (s)', '-', ...runs.map((r) => String(s(Number(r.full.durationMs))))],
    ['final sync (s, MiB)', '-', ...runs.map((r) => `${s(Number(r.final.durationMs))}, ${(Number(r.final.bytes) / MiB).toFixed(1)}`)],
    ['dirty rate (MiB/min)', '-', ...runs.map((r) => (r.dirtyBytesPerMinute / MiB).toFixed(2))],
  ];
  for (const row of rows) process.stdout.write(`${row[0]!.padEnd(28)}${row.slice(1).map((c) => c.padStart(16)).join('')}\n`);
  runs.forEach((r, i) => {
    for (const step of r.predicted?.steps ?? []) {
      process.stdout.write(`  pre-copy ${i + 1} predicted ${String(step.step).padEnd(14)} ${String(s(Number(step.millis))).padStart(7)} s (${step.basis}${step.samples ? `, ${step.samples} samples` : ''})\n`);
    }
  });
}

async function main(): Promise<void> {
  say(`disk ${SETTINGS.diskMiB} MiB, pre-copy interval ${SETTINGS.intervalS} s, ${SETTINGS.deltas} delta syncs, writer ${SETTINGS.chunksPerSecond} chunks/s; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`);
  const site = await startPrecopySite(SETTINGS.diskMiB, SETTINGS.intervalS);
  try {
    const coldVm = await site.makeVm('bench-cold');
    const coldId = await site.migrate(coldVm, mig.MigrationMode.MIGRATION_MODE_COLD);
    const cold = last(await until(site, coldId, (t) => t.includes('MigrationCompleted'), 'completion (cold)', 600_000), 'MigrationCompleted', (b) => mig.MigrationCompleted.decode(b))!;
    say(`cold ${coldId}: down ${s(Number(cold.downtimeMillis))} s of ${s(Number(cold.durationMillis))} s`);
    const runs: PrecopyRun[] = [];
    for (const name of ['bench-precopy-1', 'bench-precopy-2']) {
      runs.push(await runPrecopy(site, await site.makeVm(name), SETTINGS));
      say(`${name}: down ${s(runs.at(-1)!.downtimeMs)} s, prediction error ${pct(predictionError(runs.at(-1)!))}`);
    }
    table(cold, runs);
    const [first, second] = runs as [PrecopyRun, PrecopyRun];
    process.stdout.write(`${JSON.stringify({
      bench: 'precopy', disk_mib: SETTINGS.diskMiB, interval_s: SETTINGS.intervalS, delta_syncs: SETTINGS.deltas, writer_chunks_per_s: SETTINGS.chunksPerSecond,
      cold_downtime_s: s(Number(cold.downtimeMillis)),
      precopy_downtime_s: [s(first.downtimeMs), s(second.downtimeMs)],
      precopy_cutover_s: [s(first.cutoverMs), s(second.cutoverMs)],
      predicted_cutover_s: runs.map((r) => (r.predicted ? s(Number(r.predicted.downtimeMillis)) : null)),
      prediction_error: runs.map((r) => (Number.isNaN(predictionError(r)) ? null : Number(predictionError(r).toFixed(3)))),
      downtime_ratio_vs_cold: runs.map((r) => Number((r.downtimeMs / Number(cold.downtimeMillis)).toFixed(3))),
      dirty_mib_per_min: runs.map((r) => Number((r.dirtyBytesPerMinute / MiB).toFixed(2))),
      final_delta_mib: runs.map((r) => Number((Number(r.final.bytes) / MiB).toFixed(2))),
    })}\n`);
  } finally {
    await site.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:precopy failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
