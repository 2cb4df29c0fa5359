/** One reading of a byte counter during a transfer: seconds since it started and the bytes counted by then. */
export interface ProgressSample {
  seconds: number;
  bytes: number;
}

/**
 * The rate (bytes per second) at which `bytes` grew between the first sample at or past `from` of the
 * final total and the first sample at or past `to` of it: a transfer's steady state, without the
 * session's opening (handshakes, the window's first round trips) and its close (the final digest and
 * fsync), as iperf's --omit leaves out the slow start. Undefined when the samples are too few or too
 * close together to tell (fewer than two distinct instants between the marks).
 */
export function steadyRate(samples: readonly ProgressSample[], from = 0.1, to = 0.9): number | undefined {
  if (!(from >= 0 && to <= 1 && from < to)) throw new RangeError(`steadyRate: marks ${from} and ${to} must satisfy 0 <= from < to <= 1`);
  const total = samples.at(-1)?.bytes ?? 0;
  if (total <= 0) return undefined;
  const first = samples.find((s) => s.bytes >= from * total);
  const last = samples.find((s) => s.bytes >= to * total);
  if (first === undefined || last === undefined || last.seconds <= first.seconds) return undefined;
  return (last.bytes - first.bytes) / (last.seconds - first.seconds);
}

/**
 * Runs `work` while reading a byte counter (`read`) every `everyMs`, and once more after it ends: the
 * samples count from the first reading and time from the start.
 */
export async function sampleDuring<T>(read: () => Promise<number>, work: () => Promise<T>, everyMs = 50): Promise<{ result: T; samples: ProgressSample[] }> {
  const started = process.hrtime.bigint();
  const base = await read();
  const samples: ProgressSample[] = [{ seconds: 0, bytes: 0 }];
  const take = async (): Promise<void> => {
    const bytes = await read();
    samples.push({ seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes: bytes - base });
  };
  let done = false;
  const poller = (async () => {
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      if (!done) await take();
    }
  })();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // The work's own failure is the one to report, not a counter that could no longer be read after it.
    done = true;
    await poller.catch(() => undefined);
    throw error;
  }
  done = true;
  await poller;
  await take();
  return { result, samples };
}
