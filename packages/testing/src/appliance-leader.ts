// Which appliance replica leads, as its /metrics says (ferry_appliance_leader).
import type { ServiceHandle } from './services';

/** ferry_appliance_leader of a replica (1 leads, 0 follows), or undefined when its /metrics does not answer. */
export async function leaderGauge(replica: ServiceHandle): Promise<number | undefined> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${replica.opsPort}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('ferry_appliance_leader'));
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]);
  } catch {
    return undefined;
  }
}
