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

/** Runs link-probe's server in the cloud site and its client in the prem site, across the relay. */
export async function measureLink(sites: TwoSites, bytes: number): Promise<LinkMeasurement> {
  const port = await freePort();
  const server = spawn('ip', ['netns', 'exec', sites.cloud.netns, process.execPath, PROBE, 'serve', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await once(createInterface({ input: server.stdout! }), 'line');
    await sites.openPort('prem', port);
    const { stdout } = await run('ip', ['netns', 'exec', sites.prem.netns, process.execPath, PROBE, 'measure', 'cloud', String(port), String(bytes)]);
    const result = JSON.parse(stdout) as { rttMs: number[]; seconds: number; bitsPerSecond: number };
    const sorted = [...result.rttMs].sort((a, b) => a - b);
    return { rttMs: sorted[sorted.length >> 1]!, rttSamplesMs: result.rttMs, bitsPerSecond: result.bitsPerSecond, seconds: result.seconds };
  } finally {
    server.kill('SIGKILL');
  }
}
