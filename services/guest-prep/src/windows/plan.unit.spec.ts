import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageWindowsTool, windowsCommand, windowsPrepParams, windowsToolDir, WINDOWS_PARAMS_FILE, WINDOWS_NVSPBIND_SOURCE } from './plan';

// PowerShell does not run here: these tests check that what the service generates and delivers
// fits the script — every $P.<key> the script reads exists in the parameter document, the command
// line passes the parameter file the script declares, and the delivered files land where the
// parameters say.

const script = (): Promise<string> => readFile(join(windowsToolDir(), 'ferry-prep.ps1'), 'utf8');

/** Every `$P.a.b` property path the script reads. */
function paramPathsUsed(text: string): string[] {
  return [...new Set([...text.matchAll(/\$P\.([A-Za-z]+(?:\.[A-Za-z]+)*)/g)].map((m) => m[1] ?? ''))].sort();
}

function has(doc: unknown, path: string): boolean {
  let node: unknown = doc;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

describe('Windows prepare-to-migrate: generated parameters and delivered files', () => {
  it('the parameter document has every property the script reads, in every mode', async () => {
    const used = paramPathsUsed(await script());
    expect(used).toEqual(expect.arrayContaining(['mode', 'nicMap', 'nvspbind.installDir', 'nvspbind.source', 'onlineDisksTask.name', 'onlineDisksTask.scriptPath', 'stateDir', 'wfpComponents']));
    for (const mode of ['prepare', 'undo'] as const) {
      const params = windowsPrepParams({ mode });
      expect(used.filter((p) => !has(params, p))).toEqual([]);
    }
    const apply = windowsPrepParams({ mode: 'apply-network', nicMap: [{ sourceMac: '00-50-56-AB-00-01', targetMac: '00:50:56:CD:00:01', targetName: 'LAN', addresses: ['10.1.0.9/24'], gateway: '10.1.0.1' }] });
    expect(used.filter((p) => !has(apply, p))).toEqual([]);
    expect(apply.nicMap).toEqual([{ sourceMac: '00:50:56:ab:00:01', sourceName: '', targetMac: '00:50:56:cd:00:01', targetName: 'LAN', addresses: ['10.1.0.9/24'], gateway: '10.1.0.1', method: '' }]);
  });

  it('the script covers the appendix Windows list: a step per item, and the modes the parameters name', async () => {
    const text = await script();
    for (const step of ['Step-VmwareTools', 'Step-Nvspbind', 'Step-WfpBindings', 'Step-Msiscsi', 'Step-OnlineDisksTask', 'Step-NetworkCapture', 'Step-ApplyNetwork', 'Step-Undo']) {
      expect(text).toContain(`function ${step} {`);
    }
    for (const mode of ['prepare', 'undo', 'apply-network']) expect(text).toContain(`'${mode}' {`);
    expect(text).toMatch(/Set-Service -Name msiscsi -StartupType Automatic/);
    expect(text).toMatch(/schtasks\.exe \/Create \/TN \$name \/SC ONSTART \/RU SYSTEM/);
    expect(text).toMatch(/Disable-NetAdapterBinding -Name \$b\.Name -ComponentID \$b\.ComponentID/);
  });

  it('the command line runs PowerShell on the parameter file the script declares, output redirected to files', async () => {
    expect(await script()).toMatch(/param\(\s*\[Parameter\(Mandatory = \$true\)\]\[string\]\$ParamsFile\s*\)/);
    const cmd = windowsCommand('C:\\Windows\\Temp\\ferry-run-1.out', 'C:\\Windows\\Temp\\ferry-run-1.err');
    expect(cmd.programPath).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(cmd.arguments).toBe(
      '/s /c ""C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "C:\\ProgramData\\Ferry\\prep\\ferry-prep.ps1" -ParamsFile "C:\\ProgramData\\Ferry\\prep\\ferry-prep.params.json" > "C:\\Windows\\Temp\\ferry-run-1.out" 2> "C:\\Windows\\Temp\\ferry-run-1.err""',
    );
    expect(() => windowsCommand('C:\\a"b', 'x')).toThrow(/cannot be passed safely/);
  });

  it('rejects a NIC map with a bad MAC or a non-CIDR address, naming the entry', () => {
    expect(() => windowsPrepParams({ mode: 'apply-network', nicMap: [{ targetMac: '00:50:56' }] })).toThrow(/nic_map\[0\]\.target_mac: "00:50:56" is not a MAC address/);
    expect(() => windowsPrepParams({ mode: 'apply-network', nicMap: [{ targetMac: '00:50:56:00:00:01', addresses: ['10.0.0.1'] }] })).toThrow(/nic_map\[0\]\.addresses: "10\.0\.0\.1" is not an IPv4 address in CIDR form/);
    expect(() => windowsPrepParams({ mode: 'apply-network' })).toThrow(/needs at least one NIC mapping/);
  });

  it('stages the tool, its parameters and nvspbind.exe for delivery to where the parameters point', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-win-'));
    try {
      await writeFile(join(dir, 'nvspbind-download.exe'), 'MZ fake exe bytes for staging');
      const files = await stageWindowsTool(join(dir, 'stage'), { mode: 'prepare' }, join(dir, 'nvspbind-download.exe'));
      expect(files.map((f) => f.guestPath)).toEqual(['C:\\ProgramData\\Ferry\\prep\\ferry-prep.ps1', WINDOWS_PARAMS_FILE, WINDOWS_NVSPBIND_SOURCE]);
      expect(await readFile(files[0]?.localPath ?? '', 'utf8')).toBe(await script());
      const params = JSON.parse(await readFile(files[1]?.localPath ?? '', 'utf8')) as { nvspbind: { source: string }; mode: string };
      expect(params.mode).toBe('prepare');
      expect(params.nvspbind.source).toBe(files[2]?.guestPath);
      expect(await readFile(files[2]?.localPath ?? '', 'utf8')).toBe('MZ fake exe bytes for staging');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
