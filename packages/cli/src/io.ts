/** Where commands write and how they finish; tests capture these instead of the process's. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The exit code a command decided on (0 ok, 1 findings, 2 could not run). */
  exit(code: number): void;
  /** True when output goes to a terminal (progress is redrawn in place there). */
  readonly tty?: boolean;
}

/** The real process: stdout, stderr and process.exitCode (so pending output is flushed before exit). */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  exit: (code) => void (process.exitCode = code),
  tty: process.stdout.isTTY === true,
};
