// The CLI's connection to the appliance's integrator API (ferry.api.v1.Ferry) and the one place a
// failed call becomes an exit code: 1 the appliance refused or failed it, 3 the appliance cannot be reached.
import { userInfo } from 'node:os';
import { connectivityState, Metadata, status as GrpcStatus, type Client, type ServiceError } from '@grpc/grpc-js';
import { Option, type Command } from 'commander';
import { grpcClient } from '@ferry/service-kit';
import type { CliIo } from '../io';

/** Exit codes of the API commands. */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3 } as const;

/** Options every API command takes. */
export interface ApiOptions {
  appliance: string;
  json?: boolean;
}

const DEFAULT_APPLIANCE = 'localhost:443';

/** Adds --appliance and --json to a command. */
export function withApiOptions(command: Command): Command {
  return command
    .addOption(new Option('--appliance <host:port>', 'the appliance integrator API').env('FERRY_APPLIANCE').default(DEFAULT_APPLIANCE))
    .option('--json', 'print the reply as JSON');
}

/** Who the CLI acts as in the audit trail: $FERRY_ACTOR, else operator:<login name>. */
function actor(): string {
  const given = process.env['FERRY_ACTOR'];
  if (given) return given;
  const name = userInfo().username.replace(/[^A-Za-z0-9._@-]/g, '_') || 'unknown';
  return `operator:${name}`;
}

/** Call metadata naming the CLI's actor. */
export function actorMetadata(): Metadata {
  const metadata = new Metadata();
  metadata.set('x-ferry-actor', actor());
  return metadata;
}

/**
 * The one place a failed call becomes an exit code: 3 when the appliance cannot be reached, else 1 with
 * the appliance's message (which names the field) on stderr. Rethrows what is not a gRPC error.
 */
export function reportCallError(io: CliIo, options: ApiOptions, client: Client, error: unknown): void {
  if (!isServiceError(error)) throw error;
  // UNAVAILABLE over a live channel is the appliance saying a dependency is down: that is a failed operation (1).
  const connected = client.getChannel().getConnectivityState(false) === connectivityState.READY;
  const unreachable = error.code === GrpcStatus.UNAVAILABLE && !connected;
  if (unreachable || error.code === GrpcStatus.DEADLINE_EXCEEDED) {
    io.err(`ferry: cannot reach the appliance at ${options.appliance} (${error.details}); check --appliance or FERRY_APPLIANCE and that the appliance runs\n`);
    io.exit(EXIT.unreachable);
    return;
  }
  const name = GrpcStatus[error.code] ?? String(error.code);
  if (options.json) io.out(`${JSON.stringify({ error: { code: name, message: error.details } }, null, 2)}\n`);
  io.err(`ferry: ${name}: ${error.details}\n`);
  io.exit(EXIT.refused);
}

function isServiceError(error: unknown): error is ServiceError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && 'details' in error;
}

/** A typed view of one unary method of the Ferry API. */
export type Call = <Req, Res>(method: string, request: Req) => Promise<Res>;

/**
 * Runs `body` with a client of the appliance, prints what it returns (JSON or human text) and sets the
 * exit code; a refused call prints the appliance's message (which names the field) on stderr.
 */
export async function withAppliance<T extends { toJSON(): unknown }>(
  io: CliIo,
  options: ApiOptions,
  body: (call: Call) => Promise<T>,
  human: (reply: T) => string,
): Promise<void> {
  const client: Client = grpcClient('ferry.api.v1.Ferry', options.appliance);
  const call: Call = (method, request) => {
    const metadata = actorMetadata();
    const fn = (client as unknown as Record<string, (...args: unknown[]) => void>)[method];
    if (!fn) return Promise.reject(new Error(`the appliance API has no method ${method}`));
    return new Promise((resolve, reject) =>
      fn.call(client, request, metadata, { deadline: Date.now() + 30_000 }, (error: Error | null, value: unknown) => (error ? reject(error) : resolve(value as never))),
    );
  };
  try {
    const reply = await body(call);
    io.out(options.json ? `${JSON.stringify(reply.toJSON(), null, 2)}\n` : human(reply));
    io.exit(EXIT.ok);
  } catch (error) {
    reportCallError(io, options, client, error);
  } finally {
    client.close();
  }
}
