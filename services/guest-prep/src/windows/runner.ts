import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NetworkConfig, type NicConfig } from '../network/model';
import { type GuestPrepEvent, type PrepEventMeta, type PrepEventSink } from '../prep/events';
import { parseToolResult } from '../prep/runner';
import { stageWindowsTool, windowsCommand, WINDOWS_STATE_DIR, WINDOWS_TOOL_DIR, type WindowsPrepRequest } from './plan';

/** What a Windows guest needs from its channel (vSphere Guest Operations gives all four). */
export interface WindowsGuest {
  readonly kind: string;
  makeDirectory(guestPath: string): Promise<void>;
  uploadFile(localPath: string, guestPath: string): Promise<void>;
  start(programPath: string, args: string, timeoutMs: number): Promise<number>;
  readFile(guestPath: string): Promise<Buffer>;
}

/** Identity of one run (as for Linux). */
export interface WindowsRunIdentity {
  readonly prepId: string;
  readonly vmId: string;
  readonly commandId: string;
  readonly actor: { kind: string; id: string };
  readonly traceId?: string;
}

/**
 * Prepares (or un-prepares, or re-applies the network of) a Windows guest: stages and delivers
 * ferry-prep.ps1 with its parameter file (and nvspbind.exe when given), runs it through cmd.exe with
 * the output redirected to files, and records the same events as for Linux guests.
 */
export async function runWindowsPrep(
  guest: WindowsGuest,
  id: WindowsRunIdentity,
  request: WindowsPrepRequest,
  sink: PrepEventSink,
  now: () => number,
  options: { nvspbindExe?: string; timeoutMs?: number } = {},
): Promise<{ ok: boolean; events: GuestPrepEvent[]; network?: NetworkConfig }> {
  const events: GuestPrepEvent[] = [];
  const meta = (): PrepEventMeta => ({ prepId: id.prepId, vmId: id.vmId, atUnixMillis: now(), actor: id.actor, causeCommandId: id.commandId, traceId: id.traceId ?? '' });
  const emit = async (e: GuestPrepEvent): Promise<void> => {
    events.push(e);
    await sink.append(e);
  };
  await emit({ type: 'GuestPrepStarted', meta: meta(), channel: guest.kind, osFamily: 'windows', undo: request.mode === 'undo' });
  const staging = await mkdtemp(join(tmpdir(), 'ferry-win-stage-'));
  let stdout = '';
  let stderr = '';
  let exitCode = -1;
  try {
    const files = await stageWindowsTool(staging, request, options.nvspbindExe);
    for (const dir of [WINDOWS_TOOL_DIR, WINDOWS_STATE_DIR, 'C:\\Windows\\Temp\\ferry']) await guest.makeDirectory(dir);
    for (const f of files) await guest.uploadFile(f.localPath, f.guestPath);
    const tag = `C:\\Windows\\Temp\\ferry\\run-${randomBytes(6).toString('hex')}`;
    const cmd = windowsCommand(`${tag}.out`, `${tag}.err`);
    exitCode = await guest.start(cmd.programPath, cmd.arguments, options.timeoutMs ?? 30 * 60_000);
    stdout = (await guest.readFile(`${tag}.out`)).toString('utf8');
    stderr = (await guest.readFile(`${tag}.err`)).toString('utf8');
  } catch (e) {
    await emit({ type: 'GuestPrepFailed', meta: meta(), step: 'channel', reason: `could not run ferry-prep.ps1 through ${guest.kind}: ${(e as Error).message}` });
    return { ok: false, events };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  // PowerShell writes UTF-8 with a BOM on older versions.
  const result = parseToolResult(stdout.replace(/^\uFEFF/, ''));
  if (!result) {
    await emit({ type: 'GuestPrepFailed', meta: meta(), step: 'channel', reason: `ferry-prep.ps1 printed no result document (exit ${exitCode}): ${stderr.trim().slice(-600)}` });
    return { ok: false, events };
  }
  for (const s of result.steps) await emit({ type: 'GuestPrepStepCompleted', meta: meta(), step: s.name, status: s.status, message: s.message });
  const failed = result.steps.find((s) => s.status === 'failed');
  if (failed || !result.ok) {
    await emit({ type: 'GuestPrepFailed', meta: meta(), step: failed?.name ?? 'unknown', reason: failed?.message ?? 'the tool reported failure' });
    return { ok: false, events };
  }
  let network: NetworkConfig | undefined;
  if (request.mode === 'prepare') {
    const raw = JSON.parse((await guest.readFile(`${WINDOWS_STATE_DIR}\\network.json`)).toString('utf8').replace(/^\uFEFF/, '')) as { hostname: string; interfaces: NicConfig[] | NicConfig };
    // ConvertTo-Json writes a single adapter as an object, not a one-element array.
    const interfaces = Array.isArray(raw.interfaces) ? raw.interfaces : [raw.interfaces];
    network = { hostname: raw.hostname, nameservers: [...new Set(interfaces.flatMap((n) => n.dns ?? []))], search: [], interfaces };
  }
  await emit({ type: 'GuestPrepCompleted', meta: meta(), changed: result.changed, distroId: 'windows', distroVersion: result.distro?.version ?? '', ...(network ? { network } : {}) });
  return { ok: true, events, ...(network ? { network } : {}) };
}
