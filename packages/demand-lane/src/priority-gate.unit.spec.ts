import { PriorityGate } from './priority-gate';

/** Tasks the test finishes by hand, recording the order they started in. */
function harness(limit: number) {
  const gate = new PriorityGate(limit);
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  let running = 0;
  let most = 0;
  const settled: string[] = [];
  const submit = (name: string, background = false): Promise<void> =>
    gate
      .run(
        () =>
          new Promise<void>((resolve) => {
            started.push(name);
            running++;
            most = Math.max(most, running);
            finishers.set(name, () => {
              running--;
              resolve();
            });
          }),
        background,
      )
      .then(() => void settled.push(name));
  const finish = async (name: string): Promise<void> => {
    const done = finishers.get(name);
    if (done === undefined) throw new Error(`${name} has not started`);
    done();
    // Let the settled task's finally() pump the gate.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { gate, started, settled, submit, finish, most: () => most };
}

describe('PriorityGate: guest reads before read-ahead', () => {
  it('runs queued urgent tasks before background tasks queued earlier', async () => {
    const h = harness(1);
    void h.submit('read-1');
    void h.submit('ahead-1', true);
    void h.submit('ahead-2', true);
    void h.submit('read-2');
    void h.submit('read-3');
    expect(h.started).toEqual(['read-1']);
    for (const name of ['read-1', 'read-2', 'read-3', 'ahead-1', 'ahead-2']) await h.finish(name);
    expect(h.started).toEqual(['read-1', 'read-2', 'read-3', 'ahead-1', 'ahead-2']);
    expect(h.settled).toEqual(['read-1', 'read-2', 'read-3', 'ahead-1', 'ahead-2']);
  });

  it('runs one background task at a time even with free slots', async () => {
    const h = harness(4);
    void h.submit('ahead-1', true);
    void h.submit('ahead-2', true);
    void h.submit('ahead-3', true);
    expect(h.started).toEqual(['ahead-1']);
    expect(h.gate.queued).toBe(2);
    await h.finish('ahead-1');
    expect(h.started).toEqual(['ahead-1', 'ahead-2']);
  });

  it('starts a guest read at once beside a running background task, and holds further background work while reads are queued', async () => {
    const h = harness(2);
    void h.submit('ahead-1', true);
    void h.submit('ahead-2', true);
    void h.submit('read-1');
    void h.submit('read-2');
    void h.submit('read-3');
    // ahead-1 and read-1 fill the two slots; reads queue ahead of ahead-2.
    expect(h.started).toEqual(['ahead-1', 'read-1']);
    await h.finish('ahead-1');
    expect(h.started).toEqual(['ahead-1', 'read-1', 'read-2']);
    await h.finish('read-1');
    await h.finish('read-2');
    expect(h.started).toEqual(['ahead-1', 'read-1', 'read-2', 'read-3', 'ahead-2']);
  });

  it('never runs more tasks at once than its limit', async () => {
    const h = harness(3);
    const names = Array.from({ length: 10 }, (_, i) => `read-${i}`);
    for (const name of names) void h.submit(name);
    void h.submit('ahead', true);
    expect(h.started).toHaveLength(3);
    for (const name of names) await h.finish(name);
    await h.finish('ahead');
    expect(h.started).toEqual([...names, 'ahead']);
    expect(h.most()).toBe(3);
    expect(h.gate.queued).toBe(0);
  });

  it("settles each caller's promise with its own task's failure and keeps serving the others", async () => {
    const gate = new PriorityGate(1);
    const failing = gate.run(() => Promise.reject(new Error('source unreachable')));
    const next = gate.run(() => Promise.resolve());
    await expect(failing).rejects.toThrow('source unreachable');
    await expect(next).resolves.toBeUndefined();
  });
});
