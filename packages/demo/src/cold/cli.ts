// The demo drives the appliance the way an operator does: through the built `ferry` CLI, logged in
// once (`ferry login`) with its token kept in a config dir of the demo's own (XDG_CONFIG_HOME).
import { spawn, type ChildProcess } from 'node:child_process';

const CLI = require.resolve('@ferry/cli');

/** What every `ferry` run of the demo gets: the appliance, the site CA and the config dir of the login. */
let cliEnvironment: Record<string, string> = {};

export function useCliEnvironment(vars: Record<string, string>): void {
  cliEnvironment = vars;
}

/** Runs `ferry <args>` and captures its output. */
export function ferry(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...cliEnvironment } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs `ferry <args>` with its output on the demo's terminal (progress bars draw in place there). */
export function ferryShown(...args: string[]): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...cliEnvironment }, stdio: ['ignore', 'inherit', 'inherit'] });
  return { child, exited: new Promise((resolve) => child.on('close', resolve)) };
}
