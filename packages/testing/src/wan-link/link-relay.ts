// The link between the two sites: a TCP relay in the link namespace (run by two-sites.ts as
// `ip netns exec <link> node link-relay.js '<config>'`). It adds the round trip and the losses; the
// kernel (tc tbf on the link namespace's veths) shapes the rate.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { DelayLine, type DelayLineOptions } from './delay-line';
import { serveRequests } from './helper-process';
import { ConnectionLog, type RelayStats } from './relay-stats';
import { lossSeed } from './segment-loss';

/** What the relay is started with. */
export interface RelayConfig {
  /** The relay's address on each site's side, and each site's own address. */
  relayAddress: Record<'prem' | 'cloud', string>;
  siteAddress: Record<'prem' | 'cloud', string>;
  line: Omit<DelayLineOptions, 'seed'>;
}

type Side = 'prem' | 'cloud';
const other = (side: Side): Side => (side === 'prem' ? 'cloud' : 'prem');

function main(): void {
  const config = JSON.parse(process.argv[2] ?? '{}') as RelayConfig;
  const servers: Server[] = [];
  const totals = { connections: 0, bytes: { toCloud: 0, toPrem: 0 }, losses: 0 };
  const lines = new Set<{ line: DelayLine; toward: Side }>();
  /** Connections relayed so far to each forwarded port: the n-th one gets the n-th loss pattern. */
  const opened = new Map<number, number>();
  /** Each connection's own figures, so a test can see that each drew its own losses. */
  const log = new ConnectionLog();

  const relay = (from: Side, port: number, client: Socket): void => {
    totals.connections++;
    // Half-open both ways: one side's FIN travels the line like its data, after what it sent before.
    const server = connect({ port, host: config.siteAddress[other(from)], allowHalfOpen: true });
    // Losses hit connections independently, as on a real link, and reproducibly: the n-th connection to a
    // port draws its losses from seeds of its own, so a peer's first connection loses at the same byte
    // offsets whichever peer it is, and parallel connections (ferry's stripes) do not stall together.
    const nth = opened.get(port) ?? 0;
    opened.set(port, nth + 1);
    const up = new DelayLine(client, server, { ...config.line, seed: lossSeed(19, nth) });
    const down = new DelayLine(server, client, { ...config.line, seed: lossSeed(91, nth) });
    log.add({ port, nth, from, toServer: up, toClient: down });
    const entries = [{ line: up, toward: other(from) }, { line: down, toward: from }];
    for (const entry of entries) lines.add(entry);
    const finish = (entry: { line: DelayLine; toward: Side }): void => {
      if (!lines.delete(entry)) return;
      entry.line.close();
      totals.bytes[entry.toward === 'cloud' ? 'toCloud' : 'toPrem'] += entry.line.bytes;
      totals.losses += entry.line.losses;
    };
    // A socket closed for good can take no more: the line into it is finished.
    client.on('close', () => finish(entries[1]!));
    server.on('close', () => finish(entries[0]!));
    const fail = (): void => {
      client.destroy();
      server.destroy();
    };
    client.on('error', fail);
    server.on('error', fail);
  };

  serveRequests(async (request) => {
    if (request.op === 'ready') return {};
    if (request.op === 'forward') {
      const from = request.from as Side;
      const port = Number(request.port);
      const server = createServer({ allowHalfOpen: true }, (client) => relay(from, port, client));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, config.relayAddress[from], () => resolve());
      });
      servers.push(server);
      return { host: config.relayAddress[from], port };
    }
    if (request.op === 'stats') {
      // Open connections count what they carried so far.
      const bytes = { ...totals.bytes };
      let losses = totals.losses;
      for (const { line, toward } of lines) {
        bytes[toward === 'cloud' ? 'toCloud' : 'toPrem'] += line.bytes;
        losses += line.losses;
      }
      return { connections: totals.connections, bytes, losses, perConnection: log.describe() } satisfies RelayStats;
    }
    throw new Error(`unknown op ${request.op}`);
  });
}

main();
