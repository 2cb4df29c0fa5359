import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A request to a helper program: an operation and its arguments. */
export type HelperRequest = { op: string } & Record<string, unknown>;

/**
 * The program side: answers one JSON request per stdin line with one JSON reply line on stdout
 * ({ id, ok, error?, ...result }). The program exits when stdin closes, so a helper never outlives
 * the harness that started it, even one killed with SIGKILL.
 */
export function serveRequests(handle: (request: HelperRequest) => Promise<Record<string, unknown>>): void {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const { id, ...request } = JSON.parse(line) as HelperRequest & { id: number };
    handle(request).then(
      (result) => process.stdout.write(`${JSON.stringify({ ...result, id, ok: true })}\n`),
      (error: unknown) => process.stdout.write(`${JSON.stringify({ id, ok: false, error: error instanceof Error ? error.message : String(error) })}\n`),
    );
  });
  lines.on('close', () => process.exit(0));
}

/** The harness side: a helper program run in a network namespace, asked through its stdin. */
export class HelperProcess {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(reply: Record<string, unknown>): void; reject(error: Error): void }>();
  private stderr = '';
  readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess, readonly what: string) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const reply = JSON.parse(line) as { id: number; ok: boolean; error?: string };
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply);
      else waiter?.reject(new Error(`${what}: ${reply.error}`));
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`${what} exited: ${this.stderr}`));
      this.waiting.clear();
    });
  }

  /** Runs `node <script> <args>` under `prefix` (e.g. ip netns exec <ns>) and waits for its "ready" reply. */
  static async start(what: string, prefix: readonly string[], script: string, args: readonly string[]): Promise<HelperProcess> {
    const command = [...prefix, process.execPath, script, ...args];
    const child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const helper = new HelperProcess(child, what);
    await helper.request({ op: 'ready' });
    return helper;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request(request: HelperRequest): Promise<Record<string, unknown>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  /** Closes its stdin (it exits), SIGKILL if it has not gone within a second. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    await this.exited;
    clearTimeout(timer);
  }
}
