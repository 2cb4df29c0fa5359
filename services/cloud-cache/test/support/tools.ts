/** Helpers for the integration tests: run real tools, make source images, start our target. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after timeoutMs); never rejects on a non-zero exit. */
export function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A raw source image of `sizeMiB` with random data in most MiB-chunks and zero holes in others,
 * so reads exercise both fetched data and sparse regions.
 */
export async function makeSourceImage(path: string, sizeMiB: number): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.truncate(sizeMiB << 20);
    for (let mib = 0; mib < sizeMiB; mib++) {
      if (mib % 4 === 3) continue; // a hole
      await file.write(randomBytes(1 << 20), 0, 1 << 20, mib << 20);
    }
  } finally {
    await file.close();
  }
}

/** The compiled serve-image script (tests that kill the target need it as its own process). */
export const SERVE_IMAGE = join(__dirname, '..', '..', 'dist', 'scripts', 'serve-image.js');

/** Starts serve-image as a child process and waits for its "listening" line. */
export async function spawnTarget(args: string[]): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, [SERVE_IMAGE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /listening (\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve-image exited with ${code}: ${output}`)));
  });
  process.once('exit', () => child.kill('SIGKILL'));
  return { child, port, output: () => output };
}

/** Kills a child and waits until it is gone. */
export async function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await gone;
}
