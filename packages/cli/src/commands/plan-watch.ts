// `ferry plan watch <plan>`: every migration of the plan as one stream (WatchPlan): a line whenever a
// migration changes phase; exit 0 when each completed (or was migrated back), 1 when any failed or was
// cancelled.
import type { Command } from 'commander';
import type { Client, ClientReadableStream } from '@grpc/grpc-js';
import { ferry } from '@ferry/proto';
import { grpcClient } from '@ferry/service-kit';
import { actorMetadata, EXIT, reportCallError, withApiOptions, type ApiOptions } from '../api/appliance';
import type { CliIo } from '../io';
import { phaseName } from './migration-text';

import api = ferry.api.v1;
import mig = ferry.migration.v1;

const SUCCEEDED = new Set([mig.Phase.PHASE_COMPLETED, mig.Phase.PHASE_MIGRATED_BACK]);

/** Follows WatchPlan; resolves with each migration's last phase once the appliance ends the stream. */
function followPlan(client: Client, planId: string, onPhase: (migrationId: string, migration: api.IMigration) => void): Promise<Map<string, number>> {
  const open = (client as unknown as Record<string, (r: api.IWatchPlanRequest, m: unknown) => ClientReadableStream<api.PlanUpdate>>)['WatchPlan'];
  if (!open) return Promise.reject(new Error('the appliance API has no method WatchPlan'));
  const call = open.call(client, { planId }, actorMetadata());
  const phases = new Map<string, number>();
  return new Promise((resolve, reject) => {
    call.on('data', (update: api.PlanUpdate) => {
      const snapshot = update.update?.snapshot;
      if (!snapshot) return;
      const phase = snapshot.phase ?? 0;
      if (phases.get(update.migrationId) !== phase) onPhase(update.migrationId, snapshot);
      phases.set(update.migrationId, phase);
    });
    call.on('error', reject);
    call.on('end', () => resolve(phases));
  });
}

export function registerPlanWatch(plan: Command, io: CliIo): void {
  withApiOptions(plan.command('watch').description('follow every migration of a started plan until each has ended; exit 0 all completed, 1 any failed or cancelled').argument('<plan>', 'plan id')).action(
    async (planId: string, options: ApiOptions) => {
      const client: Client = grpcClient('ferry.api.v1.Ferry', options.appliance);
      try {
        const phases = await followPlan(client, planId, (migrationId, m) => {
          if (options.json) io.out(`${JSON.stringify({ migrationId, phase: mig.Phase[m.phase ?? 0], failureReason: m.failureReason ?? '' })}\n`);
          else io.out(`${migrationId} ${m.sourceVm?.moref ?? ''}${m.sourceVm?.name ? ` (${m.sourceVm.name})` : ''}: ${phaseName(m.phase)}${m.failureReason ? `: ${m.failureReason}` : ''}\n`);
        });
        const unfinished = [...phases.values()].filter((p) => !SUCCEEDED.has(p)).length;
        if (!options.json) io.out(`plan ${planId}: ${phases.size - unfinished} of ${phases.size} migration(s) completed\n`);
        io.exit(unfinished === 0 ? EXIT.ok : EXIT.refused);
      } catch (error) {
        reportCallError(io, options, client, error);
      } finally {
        client.close();
      }
    },
  );
}
