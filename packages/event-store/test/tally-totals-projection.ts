// A read model for the tests: totals per tally, held in memory with its checkpoint beside it,
// so "apply and move the checkpoint" is one step, as the Projection contract asks.
import type { Projection, StoredBatch } from '../src';
import { tallyCodec } from './tally';

export class TallyTotalsProjection implements Projection {
  readonly name = 'tally-totals';
  rows = new Map<string, { status: string; total: number; lastSequence: number }>();
  private applied = 0;

  async checkpoint(): Promise<number> {
    return this.applied;
  }

  async apply(batch: StoredBatch): Promise<void> {
    const rows = new Map(this.rows);
    for (const stored of batch.events) {
      const event = tallyCodec.decode(stored.type, stored.payload);
      const row = rows.get(batch.id) ?? { status: 'empty', total: 0, lastSequence: 0 };
      if (event.type === 'TallyOpened') rows.set(batch.id, { status: 'open', total: 0, lastSequence: batch.sequence });
      if (event.type === 'AmountAdded') rows.set(batch.id, { ...row, total: row.total + event.data.amount, lastSequence: batch.sequence });
      if (event.type === 'TallyClosed') rows.set(batch.id, { ...row, status: 'closed', lastSequence: batch.sequence });
    }
    this.rows = rows;
    this.applied = batch.sequence;
  }

  async reset(): Promise<void> {
    this.rows = new Map();
    this.applied = 0;
  }

  snapshot(): Record<string, unknown> {
    return Object.fromEntries([...this.rows.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
