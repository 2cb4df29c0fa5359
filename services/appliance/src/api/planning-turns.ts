// One planning pass per plan at a time. When 16 migrations of a plan end together, each asks for a
// pass; run side by side, every pass would read the same free slots and race to fill them. Here a pass
// waits for the one running; calls made while one waits share it: it reads the store when it starts,
// so it sees every ending that asked for it. A plan with nothing running or waiting holds no entry.
interface Turn {
  readonly running: Promise<unknown>;
  waiting?: Promise<string[]>;
}

export class PlanningTurns {
  private readonly turns = new Map<string, Turn>();

  run(planId: string, pass: () => Promise<string[]>): Promise<string[]> {
    const turn = this.turns.get(planId);
    if (!turn) return this.start(planId, pass);
    turn.waiting ??= turn.running.catch(() => undefined).then(() => this.start(planId, pass));
    return turn.waiting;
  }

  /** Plans with a pass running or waiting (for tests). */
  get size(): number {
    return this.turns.size;
  }

  private start(planId: string, pass: () => Promise<string[]>): Promise<string[]> {
    const running = pass();
    this.turns.set(planId, { running });
    void running.catch(() => undefined).then(() => {
      const turn = this.turns.get(planId);
      // A pass waiting takes the entry over when it starts; the last one to end removes it.
      if (turn?.running === running && !turn.waiting) this.turns.delete(planId);
    });
    return running;
  }
}
