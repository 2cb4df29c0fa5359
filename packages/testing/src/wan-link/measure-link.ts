import { execFile, spawn } from 'node:child_process';
import { join, resolve, sep } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from '../ports';
import type { TwoSites } from './two-sites';

const run = promisify(execFile);
const PROBE = join(resolve(__dirname, __dirname.split(sep).includes('dist') ? '.' : '../../dist/src/wan-link'), 'link-probe.js');

/** The link as measured from prem to cloud: median round trip (ms) and bulk throughput (bits/s). */
export interface LinkMeasurement {
  rttMs: number;
  rttSamplesMs: number[];
  bitsPerSecond: number;
  seconds: number;
}

/** Runs link-probe's server in the cloud site on a port forwarded from prem, and `probe` against it. */
async function withProbeServer<T>(sites: TwoSites, probe: (port: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const server = spawn('ip', ['netns', 'exec', sites.cloud.netns, process.execPath, PROBE, 'serve', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await once(createInterface({ input: server.stdout! }), 'line');
    await sites.openPort('prem', port);
    return await probe(port);
  } finally {
    server.kill('SIGKILL');
  }
}

/** Runs link-probe's client in the prem site: `args` after the probe's path. */
async function runProbe(sites: TwoSites, args: readonly (string | number)[]): Promise<string> {
  const { stdout } = await run('ip', ['netns', 'exec', sites.prem.netns, process.execPath, PROBE, ...args.map(String)]);
  return stdout;
}

/** Runs link-probe's server in the cloud site and its client in the prem site, across the relay. */
export async function measureLink(sites: TwoSites, bytes: number): Promise<LinkMeasurement> {
  return withProbeServer(sites, async (port) => {
    const result = JSON.parse(await runProbe(sites, ['measure', 'cloud', port, bytes])) as { rttMs: number[]; seconds: number; bitsPerSecond: number };
    const sorted = [...result.rttMs].sort((a, b) => a - b);
    return { rttMs: sorted[sorted.length >> 1]!, rttSamplesMs: result.rttMs, bitsPerSecond: result.bitsPerSecond, seconds: result.seconds };
  });
}

/**
 * Sends `bytes` from prem to cloud over each of `connections` connections to one port, one after
 * another (so the relay numbers them 0, 1, … in that order). Returns the port and each one's seconds.
 */
export async function sendOverConnections(sites: TwoSites, bytes: number, connections: number): Promise<{ port: number; seconds: number[] }> {
  return withProbeServer(sites, async (port) => {
    const { seconds } = JSON.parse(await runProbe(sites, ['send', 'cloud', port, bytes, connections])) as { seconds: number[] };
    return { port, seconds };
  });
}
