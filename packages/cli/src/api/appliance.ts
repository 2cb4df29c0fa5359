// The CLI's connection to the appliance's integrator API (ferry.api.v1.Ferry) and the one place a
// failed call is reported (what each gRPC status means and its exit code: see call-errors.ts).
import { connectivityState, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { Option, type Command } from 'commander';
import type { CliIo } from '../io';
import { EXIT, explainCallError } from './call-errors';
import { connect, type ConnectionOptions, type Credential } from './connection';

export { EXIT } from './call-errors';

/** How long a unary call may take before the CLI gives up on it. */
export const CALL_DEADLINE_MS = 30_000;

/** Options every API command takes. */
export interface ApiOptions extends ConnectionOptions {
  json?: boolean;
}

const DEFAULT_APPLIANCE = 'localhost:443';

/** Adds --appliance, --ca-file, --insecure, --token and --json to a command. */
export function withApiOptions(command: Command): Command {
  return command
    .addOption(new Option('--appliance <host:port>', 'the appliance integrator API').env('FERRY_APPLIANCE').default(DEFAULT_APPLIANCE))
    .addOption(new Option('--ca-file <path>', "the site CA certificate the API's TLS certificate is checked against (the appliance's CA_DIR/ca.crt); default: the one `ferry login` used, else the system's CAs").env('FERRY_CA_FILE'))
    .addOption(new Option('--insecure', 'plaintext gRPC, for an appliance run with API_INSECURE=true').env('FERRY_INSECURE'))
    .addOption(new Option('--token <credential>', 'a login token or an API key to send instead of the stored login').env('FERRY_TOKEN'))
    .option('--json', 'print the reply as JSON');
}

/** Call metadata of a CLI call: the credential travels in the channel's call credentials, so this is empty. */
export function callMetadata(): Metadata {
  return new Metadata();
}

/**
 * The one place a failed call is reported: what its gRPC status means for the operator on stderr
 * (with --json also as {"error": {code, message}} on stdout) and the exit code of its class.
 * Rethrows what is not a gRPC error.
 */
export function reportCallError(io: CliIo, options: ApiOptions, client: Client, error: unknown, credential: Credential): void {
  if (!isServiceError(error)) throw error;
  // A live channel means the status came from the appliance (say, its event store is down), not from grpc-js failing to connect.
  const answered = client.getChannel().getConnectivityState(false) === connectivityState.READY;
  const explained = explainCallError(error, { appliance: options.appliance, answered, deadlineMs: CALL_DEADLINE_MS, credential: credential.describe });
  if (options.json) io.out(`${JSON.stringify({ error: { code: explained.status, message: error.details, exitCode: explained.exitCode } }, null, 2)}\n`);
  io.err(`ferry: ${explained.message}\n`);
  io.exit(explained.exitCode);
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
  /** The exit code of a reply (default 0), e.g. 1 for an audit with findings. */
  exitCodeOf: (reply: T) => number = () => EXIT.ok,
): Promise<void> {
  const { client, credential } = await connect(options);
  const call: Call = (method, request) => {
    const metadata = callMetadata();
    const fn = (client as unknown as Record<string, (...args: unknown[]) => void>)[method];
    if (!fn) return Promise.reject(new Error(`the appliance API has no method ${method}`));
    return new Promise((resolve, reject) =>
      fn.call(client, request, metadata, { deadline: Date.now() + CALL_DEADLINE_MS }, (error: Error | null, value: unknown) => (error ? reject(error) : resolve(value as never))),
    );
  };
  try {
    const reply = await body(call);
    io.out(options.json ? `${JSON.stringify(reply.toJSON(), null, 2)}\n` : human(reply));
    io.exit(exitCodeOf(reply));
  } catch (error) {
    reportCallError(io, options, client, error, credential);
  } finally {
    client.close();
  }
}
