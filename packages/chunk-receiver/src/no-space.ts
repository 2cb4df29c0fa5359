// A full target file system (ENOSPC) or quota (EDQUOT) is not a broken stream: the receiver reports
// it to the sender as its own condition (ReceiverMessage.no_space, then RESOURCE_EXHAUSTED), naming
// the directory and datastore that is full and how much at least is needed, so the sender can wait
// for room instead of failing the copy or retrying blindly.
import { statfs } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { ResourceExhaustedError } from '@ferry/errors';

/** The system error codes that mean "no room to write here". */
const NO_SPACE_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT']);

/** What the receiver tells the sender (ferry.dataplane.v1.NoSpace). */
export interface NoSpaceReport {
  /** The directory that is full. */
  readonly path: string;
  /** Its first folder under the target root that holds it (the datastore under /vmfs/volumes), or '' outside every root. */
  readonly datastore: string;
  /** At least the write that failed. */
  readonly neededBytes: number;
  /** Free for this process there (statfs), 0 when unknown. */
  readonly freeBytes: number;
  /** ENOSPC or EDQUOT. */
  readonly code: string;
}

/** A write that found no room; RESOURCE_EXHAUSTED on the wire. */
export class NoSpaceError extends ResourceExhaustedError {
  constructor(
    /** The file the write went to. */
    readonly file: string,
    readonly neededBytes: number,
    readonly errno: string,
    options?: { cause?: unknown },
  ) {
    super(`no space to write ${neededBytes} bytes to ${file} (${errno})`, options);
  }
}

/** True for a system error meaning the file system (or the quota) is full. */
export function isNoSpace(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && NO_SPACE_CODES.has(code);
}

/** `error` as a NoSpaceError when it means "full" (writing `bytes` to `file`); otherwise unchanged. */
export function asNoSpace(error: unknown, file: string, bytes: number): unknown {
  if (error instanceof NoSpaceError || !isNoSpace(error)) return error;
  return new NoSpaceError(file, bytes, String((error as { code: string }).code), { cause: error });
}

/** The first folder of `path` under whichever of `roots` holds it: the datastore's name under /vmfs/volumes. */
export function datastoreOf(path: string, roots: readonly string[]): string {
  const target = resolve(path);
  for (const root of roots.map((r) => resolve(r))) {
    if (!target.startsWith(root + sep)) continue;
    const first = relative(root, target).split(sep)[0] ?? '';
    return first;
  }
  return '';
}

/** The report of a NoSpaceError: its directory, the datastore and what statfs says is free there. */
export async function noSpaceReport(error: NoSpaceError, roots: readonly string[]): Promise<NoSpaceReport> {
  const path = dirname(error.file);
  const freeBytes = await statfs(path).then((s) => Number(s.bavail) * Number(s.bsize), () => 0);
  return { path, datastore: datastoreOf(error.file, roots), neededBytes: error.neededBytes, freeBytes, code: error.errno };
}

/** "no space on datastore ds1 (/vmfs/volumes/ds1/ferry-m1, ENOSPC): need at least 1048576 more bytes, 4096 free". */
export function describeNoSpace(report: NoSpaceReport): string {
  const where = report.datastore === '' ? report.path : `datastore ${report.datastore} (${report.path}`;
  const open = report.datastore === '' ? ` (${report.code})` : `, ${report.code})`;
  return `no space on ${where}${open}: need at least ${report.neededBytes} more bytes, ${report.freeBytes} free`;
}
