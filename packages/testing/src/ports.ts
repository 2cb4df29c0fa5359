import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The first port of the range the kernel hands out for outgoing connections (ip_local_port_range).
 * A port picked below it is never taken by some process's client socket between the pick and the
 * bind, which happened with ports the OS picked from the ephemeral range: a site starting its services
 * one after the other binds the last of them many seconds after their ports were picked.
 */
function ephemeralStart(): number {
  try {
    const [first] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const port = Number(first);
    return Number.isInteger(port) && port > 2048 ? port : 32768;
  } catch {
    return 32768;
  }
}

const LOWEST = 10_000;

/** Whether 127.0.0.1:port can be listened on right now (closing the listener at once if it could). */
export function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port the OS picks (in the ephemeral range): the fallback when no port below it is free. */
function osPickedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('freePort: the OS gave no port'))));
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: a random one below the ephemeral range (see
 * ephemeralStart), or one the OS picks when none of a few tries is free.
 */
export async function freePort(): Promise<number> {
  const top = ephemeralStart();
  if (top - LOWEST > 1000) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const port = LOWEST + Math.floor(Math.random() * (top - LOWEST));
      if (await canListen(port)) return port;
    }
  }
  return osPickedPort();
}

/** Waits until something accepts TCP connections on host:port, or fails after timeoutMs naming both. */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 30_000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host });
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port held by a listener of this process until `release`, so that no other process picks it meanwhile. */
export interface PortReservation {
  readonly port: number;
  /** Stops holding the port (idempotent): call it just before the process that should bind it starts. */
  release(): Promise<void>;
}

/**
 * Listens on `port`, dropping every connection, until released; undefined when it cannot be listened on. For a
 * port that must stay this process's while nothing of its own listens on it (a server killed to be restarted on
 * the same port: another suite's freePort would otherwise pick it and bind it first).
 */
export async function holdPort(port: number): Promise<PortReservation | undefined> {
  const server = createServer((socket) => socket.destroy());
  server.unref();
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!listening) return undefined;
  let released: Promise<void> | undefined;
  return {
    port,
    release: () => (released ??= new Promise((resolve) => server.close(() => resolve()))),
  };
}

/**
 * Picks a free port (freePort) and holds it (holdPort) until released. For a port that must be named to one
 * service before another binds it: freePort alone leaves it free for the whole wait, and another suite's
 * freePort may pick it and bind it first (EADDRINUSE when the service starts).
 */
export async function reservePort(): Promise<PortReservation> {
  for (let attempt = 0; ; attempt++) {
    const held = await holdPort(await freePort());
    if (held !== undefined) return held;
    if (attempt >= 5) throw new Error(`reservePort: no free port could be held after ${attempt + 1} tries`);
  }
}
