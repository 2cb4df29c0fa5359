import { spawn, type ChildProcess } from 'node:child_process';

/** One read as qemu-io timed it (the block layer's own clock, so pipe and parsing are not in it). */
export interface TimedRead {
  offset: number;
  length: number;
  ms: number;
}

const REPORT = /^\S+ \S+, (\d+) ops; \S+ sec \(.* and ([\d.]+) ops\/sec\)$/m;
const FAILED = /^(read|qemu-io).*(failed|error|Error).*$/m;

/**
 * A long-running `qemu-io` fed `read` commands on stdin, one at a time: the same initiator (libiscsi for
 * iscsi:// URLs) for every read, so login and open are paid once. qemu-io reports each command's
 * ops/sec; one op per command makes its inverse that read's latency.
 */
export class QemuIoSession {
  private out = '';
  private waiter: (() => void) | undefined;
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly what: string,
  ) {
    const take = (d: Buffer): void => {
      this.out += d.toString();
      this.waiter?.();
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('exit', () => {
      this.exited = true;
      this.waiter?.();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Opens `target` (`-f format`); `direct` opens it with O_DIRECT (-t none), bypassing the page cache. */
  static async open(target: string, format: string, direct = false): Promise<QemuIoSession> {
    const args = ['-f', format, ...(direct ? ['-t', 'none'] : []), target];
    const child = spawn('qemu-io', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const session = new QemuIoSession(child, `qemu-io ${args.join(' ')}`);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    // A bad target makes qemu-io print an error and exit; a good one waits at its prompt.
    await session.until(() => session.out.includes('qemu-io>') || session.exited, 30_000, 'to open');
    if (session.exited) throw new Error(`${session.what} could not open the target: ${session.out.trim()}`);
    session.out = '';
    return session;
  }

  /** Reads `length` bytes at `offset`; rejects on a failed read or after `timeoutMs`. */
  async read(offset: number, length: number, timeoutMs = 60_000): Promise<TimedRead> {
    if (this.exited) throw new Error(`${this.what} has exited: ${this.out.trim()}`);
    this.out = '';
    this.child.stdin?.write(`read ${offset} ${length}\n`);
    await this.until(() => REPORT.test(this.out) || FAILED.test(this.out) || this.exited, timeoutMs, `to read ${length} bytes at ${offset}`);
    const report = REPORT.exec(this.out);
    if (!report || report[1] !== '1') throw new Error(`${this.what}: read ${length} at ${offset} failed: ${this.out.trim()}`);
    return { offset, length, ms: 1000 / Number(report[2]) };
  }

  private async until(ready: () => boolean, timeoutMs: number, doing: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.what} took over ${timeoutMs} ms ${doing}; it printed: ${this.out.trim().slice(-500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  /** Quits qemu-io (killing it if it does not go within 5 s). */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.end('quit\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }

  /** Kills qemu-io at once (cleanup after a failure). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
