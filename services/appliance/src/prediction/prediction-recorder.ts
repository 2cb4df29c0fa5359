// Records each pre-copy cutover's predicted downtime (DowntimePredicted) once the cutover was asked for,
// whoever asked (Cutover, the scheduler): the prediction from what was known at that moment — the syncs
// before it and the migrations completed before it — so a late recording (after a restart) is the same.
// MigrationCompleted then carries the measured downtime next to it.
import type { EventStore } from '@ferry/event-store';
import { handleCommand } from '@ferry/event-store';
import { foldEvents } from '@ferry/event-store';
import { migrationCodec, migrationDecider, migrationStream } from '../migration';
import { predictMigration } from './predict-migration';
import type { SiteHistory } from './site-history';

export class PredictionRecorder {
  private readonly recording = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly site: SiteHistory,
    private readonly options: { readonly actor: string; readonly log: (message: string) => void; readonly traceId: () => string },
  ) {}

  /** Records the prediction of `migrationId` if its cutover was asked for and none is recorded yet. Never throws. */
  async record(migrationId: string): Promise<void> {
    if (this.recording.has(migrationId)) return;
    this.recording.add(migrationId);
    try {
      const loaded = await this.store.load(migrationStream(migrationId));
      const events = loaded.events.map((e) => migrationCodec.decode(e.type, e.payload));
      const state = foldEvents(migrationDecider, events);
      if (state.phase === 'initial' || !state.facts.precopy) return;
      const { cutoverRequestedAt, downtimePrediction } = state.facts.precopy;
      if (cutoverRequestedAt === undefined || downtimePrediction) return;
      const prediction = predictMigration(state, events, await this.site.history(cutoverRequestedAt), cutoverRequestedAt);
      if (!prediction) {
        this.options.log(`migration ${migrationId}: no downtime prediction at its cutover: no delta sync had measured its dirty rate yet`);
        return;
      }
      const commandId = `predict-downtime:${migrationId}`;
      const meta = { commandId, migrationId, at: cutoverRequestedAt };
      await handleCommand(this.store, migrationStream(migrationId), migrationDecider, migrationCodec, { type: 'RecordDowntimePrediction', data: { meta, prediction } }, {
        commandId, actor: this.options.actor, traceId: this.options.traceId(),
      });
      this.options.log(`migration ${migrationId}: cutover predicted to be down ${Math.round(prediction.downtimeMillis / 1000)} s`);
    } catch (error) {
      this.options.log(`migration ${migrationId}: recording its downtime prediction failed (${error instanceof Error ? error.message : String(error)}); the next cutover event or restart tries again`);
    } finally {
      this.recording.delete(migrationId);
    }
  }
}
