// Passwords for login and user commands: from a file (--password-file, first line), else typed at a
// terminal without echo, else the first line of stdin (a script piping it). Never from an argument or
// an environment variable, which other users of the machine can see in the process list.
import { readFile } from 'node:fs/promises';

/** Reads one line of stdin; on a terminal without echoing it, after `prompt` on stderr. */
async function readLine(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (value: string) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      if (stdin.isTTY) {
        stdin.setRawMode(false);
        process.stderr.write('\n');
      }
      stdin.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const c of chunk.toString('utf8')) {
        if (c === '\n' || c === '\r') return done(text);
        if (c === '\u0003') return reject(new Error('cancelled'));
        if (c === '\u007f' || c === '\b') text = text.slice(0, -1);
        else text += c;
      }
    };
    const onEnd = () => done(text);
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/** The password for `what`: the first line of `file` when given, else typed (no echo) or piped in. */
export async function readPassword(what: string, file: string | undefined): Promise<string> {
  if (file) {
    const text = await readFile(file, 'utf8').catch((error: Error) => {
      throw new Error(`--password-file ${file} cannot be read (${error.message})`);
    });
    return text.split(/\r?\n/)[0] ?? '';
  }
  return readLine(`${what}: `);
}
