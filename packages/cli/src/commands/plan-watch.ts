// `ferry plan watch <plan>`: every migration of the plan as one stream (WatchPlan): a line whenever a
// migration changes phase; exit 0 when each completed (or was migrated back), 1 when any failed or was
// cancelled.
import type { Command } from 'commander';
import type { Client } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { connect } from '../api/connection';
import { EXIT, reportCallError, withApiOptions, type ApiOptions } from '../api/appliance';
import { followStream } from '../api/watch-stream';
import type { CliIo } from '../io';
import { phaseName } from './migration-text';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

const SUCCEEDED = new Set([mig.Phase.PHASE_COMPLETED, mig.Phase.PHASE_MIGRATED_BACK]);

/** Follows WatchPlan; resolves with each migration's last phase once the appliance ends the stream. */
async function followPlan(client: Client, planId: string, onPhase: (migrationId: string, migration: api.IMigration) => void): Promise<Map<string, number>> {
  const phases = new Map<string, number>();
  await followStream<api.IWatchPlanRequest, api.PlanUpdate>(client, 'WatchPlan', { planId }, (update) => {
    const snapshot = update.update?.snapshot;
    if (!snapshot) return;
    const phase = snapshot.phase ?? 0;
    if (phases.get(update.migrationId) !== phase) onPhase(update.migrationId, snapshot);
    phases.set(update.migrationId, phase);
  });
  return phases;
}

export function registerPlanWatch(plan: Command, io: CliIo): void {
  withApiOptions(plan.command('watch').description('follow every migration of a started plan until each has ended; exit 0 all completed, 1 any failed or cancelled').argument('<plan>', 'plan id')).action(
    async (planId: string, options: ApiOptions) => {
      const { client, credential } = await connect(options);
      try {
        const phases = await followPlan(client, planId, (migrationId, m) => {
          if (options.json) io.out(`${JSON.stringify({ migrationId, phase: mig.Phase[m.phase ?? 0], failureReason: m.failureReason ?? '' })}\n`);
          else io.out(`${migrationId} ${m.sourceVm?.moref ?? ''}${m.sourceVm?.name ? ` (${m.sourceVm.name})` : ''}: ${phaseName(m.phase)}${m.failureReason ? `: ${m.failureReason}` : ''}\n`);
        });
        const unfinished = [...phases.values()].filter((p) => !SUCCEEDED.has(p)).length;
        if (!options.json) io.out(`plan ${planId}: ${phases.size - unfinished} of ${phases.size} migration(s) completed\n`);
        io.exit(unfinished === 0 ? EXIT.ok : EXIT.refused);
      } catch (error) {
        reportCallError(io, options, client, error, credential);
      } finally {
        client.close();
      }
    },
  );
}
