// What the appliance-replica failover tests share: the leader gauge each replica shows on /metrics,
// the integrator API of one replica, and the wait for a copy under way.
import { Metadata, type Client } from '@grpc/grpc-js';
import type { ServiceHandle } from '@ferry/testing';
import type { ColdMigrationEnv } from './cold-migration-env';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; returns how long it took. */
export async function within(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not within ${timeoutMs} ms`);
    await sleep(100);
  }
  return Date.now() - started;
}

/** The env with its API calls going to `replica` (the operator's token works on every replica of the site). */
export function throughReplica(env: ColdMigrationEnv, replica: ServiceHandle): ColdMigrationEnv {
  const client: Client = env.api.at(`127.0.0.1:${replica.ports.API_PORT}`).client('operator');
  return {
    ...env,
    appliance: replica,
    call<Req, Res>(method: string, request: Req): Promise<Res> {
      const fn = (client as unknown as Record<string, (r: Req, m: Metadata, o: object, cb: (e: Error | null, v?: Res) => void) => void>)[method];
      if (!fn) throw new Error(`no method ${method} on ferry.api.v1.Ferry`);
      return new Promise((resolve, reject) => fn.call(client, request, new Metadata(), { deadline: Date.now() + 20_000 }, (e, v) => (e ? reject(e) : resolve(v as Res))));
    },
    async stop() {
      client.close();
      await env.stop();
    },
  };
}

/** Event types stored more than once for the migration (each step's outcome is expected once). */
export function repeatedSteps(types: readonly string[]): string[] {
  const once = ['MigrationPlanned', 'SourcePoweredOff', 'TargetCreated', 'FixupCompleted', 'TargetPoweredOn', 'MigrationCompleted'];
  return once.filter((type) => types.filter((t) => t === type).length > 1);
}
