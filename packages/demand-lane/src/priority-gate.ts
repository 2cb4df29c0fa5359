/**
 * Runs tasks with a concurrency limit in two lanes: urgent tasks (a guest waiting on a read) always go
 * first; background tasks (read-ahead) start only when no urgent task is queued, one at a time, so
 * read-ahead never delays a read somebody waits for.
 */
export class PriorityGate {
  private readonly urgent: Array<() => Promise<void>> = [];
  private readonly background: Array<() => Promise<void>> = [];
  private active = 0;
  private activeBackground = 0;

  constructor(private readonly limit: number) {}

  /** Queues `task`; the returned promise settles with it. */
  run(task: () => Promise<void>, backgroundTask = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const wrapped = (): Promise<void> => task().then(resolve, reject);
      (backgroundTask ? this.background : this.urgent).push(wrapped);
      this.pump();
    });
  }

  get queued(): number {
    return this.urgent.length + this.background.length;
  }

  private pump(): void {
    while (this.active < this.limit) {
      let task = this.urgent.shift();
      let isBackground = false;
      if (task === undefined && this.urgent.length === 0 && this.activeBackground === 0) {
        task = this.background.shift();
        isBackground = task !== undefined;
      }
      if (task === undefined) return;
      this.active++;
      if (isBackground) this.activeBackground++;
      void task().finally(() => {
        this.active--;
        if (isBackground) this.activeBackground--;
        this.pump();
      });
    }
  }
}
