/**
 * `qemu-io` kept open and fed commands on stdin, one at a time, so one initiator session (libiscsi
 * for iscsi:// URLs) lives across the pauses a test puts between commands.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const PROMPT = 'qemu-io>';

export class InteractiveQemuIo {
  private out = '';
  private exited = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly child: ChildProcess) {
    const take = (d: Buffer): void => {
      this.out += d.toString();
      this.wake?.();
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('exit', () => {
      this.exited = true;
      this.wake?.();
    });
  }

  /** Opens `url` (raw format) and waits for qemu-io's first prompt. */
  static async open(url: string, timeoutMs = 30_000): Promise<InteractiveQemuIo> {
    const child = spawn('qemu-io', ['-f', 'raw', url], { stdio: ['pipe', 'pipe', 'pipe'] });
    const session = new InteractiveQemuIo(child);
    await session.untilPrompt(timeoutMs, 'to open the image');
    return session;
  }

  /** Runs one command (e.g. `read -P 0x5c 0 64k`) and returns what it printed before the next prompt. */
  async command(line: string, timeoutMs = 30_000): Promise<string> {
    this.out = '';
    this.child.stdin?.write(`${line}\n`);
    return this.untilPrompt(timeoutMs, `to run "${line}"`);
  }

  /** Quits and waits for the process to end; kills it if it does not. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.end('quit\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }

  private async untilPrompt(timeoutMs: number, doing: string): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.out.includes(PROMPT)) {
      if (this.exited) throw new Error(`qemu-io exited ${doing}; it printed: ${this.out.trim()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`qemu-io took over ${timeoutMs} ms ${doing}; it printed: ${this.out.trim().slice(-500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    const printed = this.out.slice(0, this.out.indexOf(PROMPT));
    this.out = this.out.slice(this.out.indexOf(PROMPT) + PROMPT.length);
    return printed.trim();
  }
}
