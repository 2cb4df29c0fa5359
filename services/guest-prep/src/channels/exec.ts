import { spawn } from 'node:child_process';
import { type GuestRunResult } from './channel';

/** Runs a local program without a shell; never rejects on a non-zero exit (the caller decides). */
export function execLocal(
  file: string,
  args: readonly string[],
  options: { timeoutMs?: number; input?: Buffer | string; env?: NodeJS.ProcessEnv } = {},
): Promise<GuestRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
          err.push(Buffer.from(`\n[ferry] ${file} killed after ${options.timeoutMs} ms\n`));
        }, options.timeoutMs)
      : undefined;
    child.once('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`could not start ${file}: ${e.message}; is it installed and on PATH?`));
    });
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    if (child.stdin) {
      // A program that exits without reading its input must not crash us with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** Like execLocal but throws with the program's stderr when it fails. */
export async function execOk(file: string, args: readonly string[], options: { timeoutMs?: number; input?: Buffer | string } = {}): Promise<string> {
  const r = await execLocal(file, args, options);
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.exitCode}: ${r.stderr.trim().slice(-800)}`);
  return r.stdout;
}
