import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * Bridges between network namespaces over Unix sockets (a path in the file system is reachable from
 * every network namespace): a connection to the Unix socket starts with one line naming the TCP port
 * it is for, then carries the bytes both ways.
 */

/** Joins two sockets both ways; either one closing or failing closes the other. */
export function join(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const close = (): void => {
    a.destroy();
    b.destroy();
  };
  for (const socket of [a, b]) {
    socket.on('error', close);
    socket.on('close', close);
  }
}

/** A Unix socket server at `path` that connects each caller to 127.0.0.1:<port named in its first line> where it runs. */
export function serveUnixToLoopback(path: string): Promise<Server> {
  const server = createServer((caller) => {
    let head = Buffer.alloc(0);
    const onData = (data: Buffer): void => {
      head = Buffer.concat([head, data]);
      const end = head.indexOf(10);
      if (end < 0) return;
      caller.off('data', onData);
      caller.pause();
      const rest = head.subarray(end + 1);
      if (rest.length > 0) caller.unshift(rest);
      const target = connect(Number(head.subarray(0, end).toString()), '127.0.0.1');
      join(caller, target);
      caller.resume();
    };
    caller.on('data', onData);
    caller.on('error', () => caller.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

/** A TCP server on 127.0.0.1:`port` where it runs that carries each connection to the Unix socket `path`, for `port` there. */
export function serveLoopbackToUnix(port: number, path: string): Promise<Server> {
  const server = createServer((caller) => {
    const bridge = connect(path);
    bridge.write(`${port}\n`);
    join(caller, bridge);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
