// npm run bench:grpc-hop — what one data-plane hop costs by itself: a server-streaming gRPC call on
// loopback carrying as many bytes, in messages of the same size, as ferry's full sync of the
// bench:transfer disk puts on the wire, once over plain HTTP/2 and once over the site's mutual TLS.
// Client and server are separate processes, as the services are; it prints the CPU-seconds of each.
// A full sync crosses two such hops (prem-esxi-manager → prem-manager → cloud-manager).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, makeGenericClientConstructor, Server, ServerCredentials, type ServerWritableStream, type ServiceDefinition } from '@grpc/grpc-js';
import { DATA_PLANE_CHANNEL_OPTIONS, issueLeaf, mutualTlsClient, mutualTlsServer, widenServerWindows } from '@ferry/block-pipeline';

/** Ferry's full sync of the reference disk: ~370 MiB of frames, ~370 KB each (bench:transfer prints both). */
const TOTAL_BYTES = Number(process.env.FERRY_HOP_BYTES ?? 370 * 2 ** 20);
const MESSAGE_BYTES = Number(process.env.FERRY_HOP_MESSAGE_BYTES ?? 370_000);

const identity = (value: Buffer): Buffer => value;
const service: ServiceDefinition = {
  Read: { path: '/ferry.bench.Hop/Read', requestStream: false, responseStream: true, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
};

type ToParent = { port: number } | { cpuSeconds: number };

/** The server process: streams TOTAL_BYTES in MESSAGE_BYTES messages to each call; reports its CPU when asked. */
async function serve(caDir: string, tls: boolean): Promise<void> {
  const server = new Server(DATA_PLANE_CHANNEL_OPTIONS);
  const payload = Buffer.alloc(MESSAGE_BYTES, 7);
  server.addService(service, {
    Read: (call: ServerWritableStream<Buffer, Buffer>) => {
      let sent = 0;
      const pump = (): void => {
        while (sent < TOTAL_BYTES) {
          sent += payload.length;
          if (!call.write(payload)) {
            call.once('drain', pump);
            return;
          }
        }
        call.end();
      };
      pump();
    },
  });
  const creds = tls ? mutualTlsServer(await issueLeaf(caDir, 'hop-server')) : ServerCredentials.createInsecure();
  server.bindAsync('127.0.0.1:0', creds, (error, port) => {
    if (error) throw error;
    widenServerWindows(server);
    process.send?.({ port } satisfies ToParent);
  });
  let since = process.cpuUsage();
  process.on('message', () => {
    const used = process.cpuUsage(since);
    since = process.cpuUsage();
    process.send?.({ cpuSeconds: (used.user + used.system) / 1e6 } satisfies ToParent);
  });
}

function reply<T extends ToParent>(child: ChildProcess, key: keyof T): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: ToParent): void => {
      if (key in message) {
        child.off('message', listener);
        resolve(message as T);
      }
    };
    child.on('message', listener);
  });
}

/** One hop: the client's and the server's CPU-seconds, and the wall time, for TOTAL_BYTES. */
async function hop(caDir: string, tls: boolean): Promise<{ seconds: number; clientCpu: number; serverCpu: number }> {
  const child = fork(__filename, ['serve', caDir, tls ? 'tls' : 'plain']);
  try {
    const { port } = await reply<{ port: number }>(child, 'port');
    const Client = makeGenericClientConstructor(service, 'Hop');
    const client = new Client(`127.0.0.1:${port}`, tls ? mutualTlsClient(await issueLeaf(caDir, 'hop-client')) : credentials.createInsecure(), DATA_PLANE_CHANNEL_OPTIONS);
    const serverBefore = reply<{ cpuSeconds: number }>(child, 'cpuSeconds');
    child.send('cpu');
    await serverBefore;
    const clientBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      const call = (client as unknown as { Read(request: Buffer): NodeJS.EventEmitter }).Read(Buffer.alloc(0));
      call.on('data', (message: Buffer) => (received += message.length));
      call.on('end', resolve);
      call.on('error', reject);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const clientUsed = process.cpuUsage(clientBefore);
    const serverAfter = reply<{ cpuSeconds: number }>(child, 'cpuSeconds');
    child.send('cpu');
    const serverCpu = (await serverAfter).cpuSeconds;
    client.close();
    if (received < TOTAL_BYTES) throw new Error(`hop delivered ${received} of ${TOTAL_BYTES} bytes`);
    return { seconds, clientCpu: (clientUsed.user + clientUsed.system) / 1e6, serverCpu };
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  const caDir = await mkdtemp(join(tmpdir(), 'ferry-hop-ca-'));
  try {
    const results: Record<string, { seconds: number; clientCpu: number; serverCpu: number }> = {};
    for (const tls of [false, true]) {
      const name = tls ? 'mutual_tls' : 'plain';
      await hop(caDir, tls); // warm-up: JIT and TLS set-up out of the figures
      results[name] = await hop(caDir, tls);
      const r = results[name];
      process.stdout.write(`${name.padEnd(10)} ${(TOTAL_BYTES / 2 ** 20).toFixed(0)} MiB in ${MESSAGE_BYTES}-byte messages: ${r.seconds.toFixed(2)} s; CPU-s client ${r.clientCpu.toFixed(2)}, server ${r.serverCpu.toFixed(2)}, both ${(r.clientCpu + r.serverCpu).toFixed(2)}\n`);
    }
    const round = (n: number): number => Math.round(n * 100) / 100;
    const cpu = (name: string): number => round(results[name]!.clientCpu + results[name]!.serverCpu);
    process.stdout.write(`${JSON.stringify({ bytes: TOTAL_BYTES, message_bytes: MESSAGE_BYTES, plain_cpu_s: cpu('plain'), mutual_tls_cpu_s: cpu('mutual_tls'), plain_s: round(results.plain!.seconds), mutual_tls_s: round(results.mutual_tls!.seconds) })}\n`);
  } finally {
    await rm(caDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') {
  void serve(process.argv[3]!, process.argv[4] === 'tls');
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:grpc-hop failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
