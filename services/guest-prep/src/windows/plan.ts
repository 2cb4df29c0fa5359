import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '@ferry/errors';
import { type NicMapping } from '../fixup/inputs';
import { normalizeMac } from '../network/model';

/** Where the service puts the Windows tool (the appendix's ProgramData\...\hyc, ours). */
export const WINDOWS_TOOL_DIR = 'C:\\ProgramData\\Ferry\\prep';
export const WINDOWS_STATE_DIR = `${WINDOWS_TOOL_DIR}\\state`;
export const WINDOWS_PARAMS_FILE = `${WINDOWS_TOOL_DIR}\\ferry-prep.params.json`;
/** NVSPBIND is delivered to the guest's temp folder, as the appendix describes, and installed from there. */
export const WINDOWS_NVSPBIND_SOURCE = 'C:\\Windows\\Temp\\ferry\\nvspbind.exe';
export const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
export const CMD = 'C:\\Windows\\System32\\cmd.exe';

/**
 * WFP lightweight filter components whose bindings block iSCSI traffic: the appendix names
 * ms_wfplwf_upper, ms_ndiscap_lower and ms_ndiscap; Windows registers them as ms_wfplwf_upper,
 * ms_wfplwf_lower (2012+), ms_wfplwf (2008 R2) and ms_ndiscap. Absent ones are skipped.
 */
export const WFP_COMPONENTS = ['ms_wfplwf_upper', 'ms_wfplwf_lower', 'ms_wfplwf', 'ms_ndiscap'] as const;

/** What the PowerShell tool should do. */
export interface WindowsPrepRequest {
  readonly mode: 'prepare' | 'undo' | 'apply-network';
  /** apply-network only: how captured adapters map onto the migrated VM's adapters. */
  readonly nicMap?: readonly NicMapping[];
}

/** The parameter document ferry-prep.ps1 reads with -ParamsFile (every key it uses is here). */
export interface WindowsPrepParams {
  readonly mode: WindowsPrepRequest['mode'];
  readonly stateDir: string;
  readonly nvspbind: { readonly source: string; readonly installDir: string };
  readonly wfpComponents: readonly string[];
  readonly onlineDisksTask: { readonly name: string; readonly scriptPath: string };
  readonly nicMap: ReadonlyArray<{ sourceMac: string; sourceName: string; targetMac: string; targetName: string; addresses: readonly string[]; gateway: string; method: string }>;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

function checkedMac(field: string, value: string | undefined): string {
  const mac = normalizeMac(value ?? '');
  if (!MAC.test(mac)) throw new ValidationError(field, `"${value ?? ''}" is not a MAC address like 00:50:56:ab:cd:ef`);
  return mac;
}

/** Builds the parameter document; validates the NIC map (MACs, CIDR addresses). */
export function windowsPrepParams(request: WindowsPrepRequest): WindowsPrepParams {
  if (request.mode === 'apply-network' && !request.nicMap?.length) throw new ValidationError('nic_map', 'apply-network needs at least one NIC mapping');
  const nicMap = (request.nicMap ?? []).map((m, i) => {
    for (const a of m.addresses ?? []) {
      if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(a)) throw new ValidationError(`nic_map[${i}].addresses`, `"${a}" is not an IPv4 address in CIDR form like 10.0.0.5/24`);
    }
    return {
      sourceMac: m.sourceMac ? checkedMac(`nic_map[${i}].source_mac`, m.sourceMac) : '',
      sourceName: m.sourceName ?? '',
      targetMac: checkedMac(`nic_map[${i}].target_mac`, m.targetMac),
      targetName: m.targetName ?? '',
      addresses: [...(m.addresses ?? [])],
      gateway: m.gateway ?? '',
      method: m.method ?? '',
    };
  });
  return {
    mode: request.mode,
    stateDir: WINDOWS_STATE_DIR,
    nvspbind: { source: WINDOWS_NVSPBIND_SOURCE, installDir: 'C:\\ProgramData\\Ferry\\nvspbind' },
    wfpComponents: [...WFP_COMPONENTS],
    onlineDisksTask: { name: 'Ferry Online Disks', scriptPath: `${WINDOWS_TOOL_DIR}\\online-disks.ps1` },
    nicMap,
  };
}

/** Double-quotes one argument for cmd.exe / CommandLineToArgvW. */
export function winQuote(arg: string): string {
  if (/["\r\n]/.test(arg)) throw new ValidationError('argument', `${JSON.stringify(arg)} contains a quote or line break, which cannot be passed safely to cmd.exe`);
  return `"${arg}"`;
}

/**
 * The program and arguments for StartProgramInGuest: cmd.exe runs PowerShell with the parameter
 * file and redirects its output to files (Guest Operations return no output), read back afterwards.
 */
export function windowsCommand(outFile: string, errFile: string): { programPath: string; arguments: string } {
  const ps = [winQuote(POWERSHELL), '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', winQuote(`${WINDOWS_TOOL_DIR}\\ferry-prep.ps1`), '-ParamsFile', winQuote(WINDOWS_PARAMS_FILE)].join(' ');
  // cmd /s /c "<line>": the outer quotes are stripped as a pair, the inner ones stay.
  return { programPath: CMD, arguments: `/s /c "${ps} > ${winQuote(outFile)} 2> ${winQuote(errFile)}"` };
}

/** guest-tools/windows next to src/ or dist/src/. */
export function windowsToolDir(): string {
  return join(__dirname, '..', '..', ...(__dirname.includes(join('dist', 'src')) ? ['..'] : []), 'guest-tools', 'windows');
}

/** One file the service delivers into a Windows guest. */
export interface DeliveredFile {
  readonly guestPath: string;
  readonly localPath: string;
}

/**
 * Writes everything to deliver into `staging` (the tool, its parameter file and, when given,
 * nvspbind.exe) and lists where each goes in the guest. The channel copies them one by one.
 */
export async function stageWindowsTool(staging: string, request: WindowsPrepRequest, nvspbindExe?: string): Promise<DeliveredFile[]> {
  await mkdir(staging, { recursive: true });
  const params = windowsPrepParams(request);
  const files: DeliveredFile[] = [];
  await copyFile(join(windowsToolDir(), 'ferry-prep.ps1'), join(staging, 'ferry-prep.ps1'));
  files.push({ localPath: join(staging, 'ferry-prep.ps1'), guestPath: `${WINDOWS_TOOL_DIR}\\ferry-prep.ps1` });
  await writeFile(join(staging, 'ferry-prep.params.json'), JSON.stringify(params, null, 2) + '\n');
  files.push({ localPath: join(staging, 'ferry-prep.params.json'), guestPath: WINDOWS_PARAMS_FILE });
  if (nvspbindExe) {
    await copyFile(nvspbindExe, join(staging, 'nvspbind.exe'));
    files.push({ localPath: join(staging, 'nvspbind.exe'), guestPath: params.nvspbind.source });
  }
  return files;
}
