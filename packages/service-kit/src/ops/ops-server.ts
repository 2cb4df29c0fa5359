import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { Server as GrpcServer, ServerCredentials } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { UnavailableError } from '@ferry/errors';
import { grpcServiceDefinition } from '../grpc/definitions';
import type { HealthRegistry } from './health';
import { healthImplementation } from './health-service';

/** The running ops endpoint of a service. */
export interface OpsServer {
  /** The port it listens on (the configured one, or the OS's choice for 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * One TCP port that speaks both gRPC (health) and HTTP/1.1 (Prometheus /metrics): the first bytes of
 * each connection decide. An HTTP/2 client opens with the preface "PRI * HTTP/2.0", which no HTTP/1.1
 * request line starts with, so such connections go to grpc-js and everything else to the HTTP server.
 * One port per service keeps the 8000-8010 range of the design and lets Kubernetes use its native
 * gRPC probe and Prometheus scrape on the same port.
 */
export async function startOpsServer(options: { port: number; host: string; health: HealthRegistry; metrics: Registry }): Promise<OpsServer> {
  const grpcServer = new GrpcServer();
  grpcServer.addService(grpcServiceDefinition('grpc.health.v1.Health'), healthImplementation(options.health));
  const grpcConnections = grpcServer.createConnectionInjector(ServerCredentials.createInsecure());
  const http = createHttpServer((req, res) => void serveHttp(req, res, options));

  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === 0x50 /* P */ && (first.length < 2 || first[1] === 0x52) /* R */) {
        // Left paused: the HTTP/2 session reads the bytes already buffered on its next tick.
        grpcConnections.injectConnection(socket);
      } else {
        http.emit('connection', socket);
        socket.resume();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause: NodeJS.ErrnoException) =>
      reject(new UnavailableError(`cannot listen on ${options.host}:${options.port} for gRPC health and /metrics (${cause.code ?? cause.message}); set OPS_PORT to a free port`, { cause })),
    );
    server.listen(options.port, options.host, () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        grpcConnections.destroy();
        grpcServer.forceShutdown();
        http.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

async function serveHttp(req: IncomingMessage, res: ServerResponse, options: { health: HealthRegistry; metrics: Registry }): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  try {
    if (req.method === 'GET' && path === '/metrics') {
      const body = await options.metrics.metrics();
      res.writeHead(200, { 'content-type': options.metrics.contentType }).end(body);
    } else if (req.method === 'GET' && path === '/healthz') {
      const failing = options.health.failing();
      res.writeHead(failing.length ? 503 : 200, { 'content-type': 'text/plain' }).end(failing.length ? `not ready: ${failing.join(', ')}\n` : 'ok\n');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('this port serves GET /metrics, GET /healthz and gRPC grpc.health.v1.Health\n');
    }
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(error as Error).message}\n`);
  }
}
