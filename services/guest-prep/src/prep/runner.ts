import { join } from 'node:path';
import { type GuestChannel } from '../channels/channel';
import { normalizeCapture, type RawNetworkCapture } from '../network/capture';
import { type NetworkConfig } from '../network/model';
import { type GuestPrepEvent, type PrepEventMeta, type PrepEventSink, type PrepToolResult } from './events';

/** Where the Linux tool is delivered in the guest, and its state (backup manifest, results). */
export const LINUX_TOOL_DIR = '/opt/ferry/prep';
export const LINUX_STATE_DIR = '/opt/ferry/prep/state';

/** One request to prepare (or un-prepare) a Linux guest. */
export interface LinuxPrepRequest {
  readonly prepId: string;
  readonly vmId: string;
  readonly commandId: string;
  readonly actor: { kind: string; id: string };
  readonly traceId?: string;
  readonly undo?: boolean;
  readonly iscsi?: { targetIp: string; targetIqn: string; targetPort?: number; initiatorIqn?: string };
  /** The local folder holding ferry-prep.sh and lib/ (default: this service's guest-tools/linux). */
  readonly toolDir?: string;
  readonly timeoutMs?: number;
}

/** What the run produced, besides its events. */
export interface PrepOutcome {
  readonly ok: boolean;
  readonly result?: PrepToolResult;
  readonly network?: NetworkConfig;
  readonly events: readonly GuestPrepEvent[];
}

/** guest-tools/linux next to src/ or dist/src/. */
export function defaultLinuxToolDir(): string {
  return join(__dirname, '..', '..', ...(__dirname.includes(`${join('dist', 'src')}`) ? ['..'] : []), 'guest-tools', 'linux');
}

export function linuxToolArgs(request: LinuxPrepRequest, offline: boolean): string[] {
  const args = ['/bin/sh', `${LINUX_TOOL_DIR}/ferry-prep.sh`, '--state-dir', LINUX_STATE_DIR];
  if (offline) args.push('--offline');
  if (request.undo) args.push('--undo');
  if (request.iscsi) {
    args.push('--iscsi-target-ip', request.iscsi.targetIp, '--iscsi-target-iqn', request.iscsi.targetIqn);
    if (request.iscsi.targetPort) args.push('--iscsi-target-port', String(request.iscsi.targetPort));
    if (request.iscsi.initiatorIqn) args.push('--initiator-iqn', request.iscsi.initiatorIqn);
  }
  return args;
}

/** The last line of the tool's stdout that parses as its result document. */
export function parseToolResult(stdout: string): PrepToolResult | undefined {
  for (const line of stdout.trim().split('\n').reverse()) {
    if (!line.startsWith('{')) continue;
    try {
      const doc = JSON.parse(line) as PrepToolResult;
      if (Array.isArray(doc.steps)) return doc;
    } catch {
      // not the result line
    }
  }
  return undefined;
}

/**
 * Prepares a Linux guest through a channel: delivers the tool, runs it, and records
 * GuestPrepStarted, one GuestPrepStepCompleted per step, then GuestPrepCompleted or GuestPrepFailed.
 * `now` supplies event times (the clock stays outside the domain).
 */
export async function prepareLinuxGuest(channel: GuestChannel, request: LinuxPrepRequest, sink: PrepEventSink, now: () => number): Promise<PrepOutcome> {
  const events: GuestPrepEvent[] = [];
  const meta = (): PrepEventMeta => ({
    prepId: request.prepId,
    vmId: request.vmId,
    atUnixMillis: now(),
    actor: request.actor,
    causeCommandId: request.commandId,
    traceId: request.traceId ?? '',
  });
  const emit = async (event: GuestPrepEvent): Promise<void> => {
    events.push(event);
    await sink.append(event);
  };
  await emit({ type: 'GuestPrepStarted', meta: meta(), channel: channel.kind, osFamily: 'linux', undo: request.undo === true });
  let result: PrepToolResult | undefined;
  try {
    await channel.upload(request.toolDir ?? defaultLinuxToolDir(), LINUX_TOOL_DIR);
    const run = await channel.run(linuxToolArgs(request, channel.offline), { timeoutMs: request.timeoutMs ?? 30 * 60_000 });
    result = parseToolResult(run.stdout);
    if (!result) {
      await emit({ type: 'GuestPrepFailed', meta: meta(), step: 'channel', reason: `ferry-prep.sh printed no result document (exit ${run.exitCode}): ${run.stderr.trim().slice(-600)}` });
      return { ok: false, events };
    }
  } catch (e) {
    await emit({ type: 'GuestPrepFailed', meta: meta(), step: 'channel', reason: `could not run the prep tool through ${channel.kind}: ${(e as Error).message}` });
    return { ok: false, events };
  }
  for (const step of result.steps) {
    await emit({ type: 'GuestPrepStepCompleted', meta: meta(), step: step.name, status: step.status, message: step.message });
  }
  const failed = result.steps.find((s) => s.status === 'failed');
  if (failed || !result.ok) {
    await emit({ type: 'GuestPrepFailed', meta: meta(), step: failed?.name ?? 'unknown', reason: failed?.message ?? 'the tool reported failure' });
    return { ok: false, result, events };
  }
  let network: NetworkConfig | undefined;
  if (!request.undo) {
    const raw = JSON.parse((await channel.readFile(`${LINUX_STATE_DIR}/network.json`)).toString('utf8')) as RawNetworkCapture;
    network = normalizeCapture(raw);
  }
  await emit({
    type: 'GuestPrepCompleted',
    meta: meta(),
    changed: result.changed,
    distroId: result.distro?.id ?? '',
    distroVersion: result.distro?.version ?? '',
    ...(network ? { network } : {}),
  });
  return { ok: true, result, events, ...(network ? { network } : {}) };
}
