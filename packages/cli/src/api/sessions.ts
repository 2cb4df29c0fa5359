// Where `ferry login` keeps its tokens: $XDG_CONFIG_HOME/ferry/sessions.json (else ~/.config/ferry),
// the folder 0700 and the file 0600, one entry per appliance address. A token is a credential: nothing
// else on the machine should read it.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** One appliance's login. */
export interface Session {
  readonly token: string;
  readonly actor: string;
  readonly role: string;
  /** Unix ms. */
  readonly expiresAt: number;
  /** The CA file the login trusted, used again when --ca-file is not given. */
  readonly caFile?: string;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CONFIG_HOME'];
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.config'), 'ferry');
}

const fileOf = (dir: string) => join(dir, 'sessions.json');

async function readAll(dir: string): Promise<Record<string, Session>> {
  const text = await readFile(fileOf(dir), 'utf8').catch(() => '{}');
  try {
    return JSON.parse(text) as Record<string, Session>;
  } catch {
    return {};
  }
}

async function writeAll(dir: string, sessions: Record<string, Session>): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const tmp = `${fileOf(dir)}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(sessions, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, fileOf(dir));
}

export async function loadSession(appliance: string, dir = configDir()): Promise<Session | undefined> {
  return (await readAll(dir))[appliance];
}

export async function saveSession(appliance: string, session: Session, dir = configDir()): Promise<string> {
  await writeAll(dir, { ...(await readAll(dir)), [appliance]: session });
  return fileOf(dir);
}

/** Forgets the appliance's login; true when there was one. */
export async function dropSession(appliance: string, dir = configDir()): Promise<boolean> {
  const sessions = await readAll(dir);
  if (!(appliance in sessions)) return false;
  delete sessions[appliance];
  await writeAll(dir, sessions);
  return true;
}
