// One site's agent, run in the site's network namespace by two-sites.ts as
// `ip netns exec <site> node site-agent.js <site's Unix socket> <root's Unix socket>`. It carries the
// harness's own traffic (health checks, control calls, NATS) between the root namespace and the
// site without touching the shaped link: loopback ports of the site are reachable from the root
// namespace's loopback, and chosen root loopback ports (NATS) from the site's.
import { connect, type Server } from 'node:net';
import { serveRequests } from './helper-process';
import { serveLoopbackToUnix, serveUnixToLoopback } from './socket-bridge';

async function main(): Promise<void> {
  const [sitePath, rootPath] = process.argv.slice(2) as [string, string];
  const servers: Server[] = [await serveUnixToLoopback(sitePath)];
  serveRequests(async (request) => {
    if (request.op === 'ready') return {};
    if (request.op === 'reach-root') {
      servers.push(await serveLoopbackToUnix(Number(request.port), rootPath));
      return {};
    }
    if (request.op === 'probe') {
      // Whether something listens on host:port inside the site.
      const open = await new Promise<boolean>((resolve) => {
        const socket = connect(Number(request.port), String(request.host ?? '127.0.0.1'), () => {
          socket.end();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      return { open };
    }
    throw new Error(`unknown op ${request.op}`);
  });
}

void main();
