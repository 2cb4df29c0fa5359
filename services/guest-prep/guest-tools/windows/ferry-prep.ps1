<#
.SYNOPSIS
  Ferry prepare-to-migrate for Windows guests (the HDM appendix's Windows list).

.DESCRIPTION
  Delivered by the guest-prep service into C:\ProgramData\Ferry\prep with a parameter file
  (ferry-prep.params.json) and run through vSphere Guest Operations:

    powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ferry-prep.ps1 -ParamsFile <file>

  Modes (params.mode):
    prepare       1 VMware Tools check  2 (tool delivered)  3-4 NVSPBIND install
                  5 WFP lightweight filter bindings off (ms_wfplwf_upper, ms_wfplwf_lower, ms_ndiscap)
                  6 msiscsi automatic and running  7 scheduled task that brings offline disks online
                  8 network capture (JSON)
    undo          restores every recorded change from the manifest (state\manifest.json)
    apply-network re-applies a captured configuration after migration, NICs matched by MAC
                  through params.nicMap (new MAC, new name, new addresses)

  Idempotent: every step reads the current state first and changes only what differs; the first
  value it replaced is recorded once in the manifest. Output: one line of JSON (the result
  document) on stdout and in state\result.json; exit code 0 when no step failed.

  PowerShell does not run on Ferry's build machines: this script is reviewed, and the service tests
  the parameters and files it generates for it (see services/guest-prep/README.md).
#>
[CmdletBinding()]
param(
  [Parameter(Mandatory = $true)][string]$ParamsFile
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$P = Get-Content -Raw -LiteralPath $ParamsFile | ConvertFrom-Json
$StateDir = $P.stateDir
$ManifestPath = Join-Path $StateDir 'manifest.json'
New-Item -ItemType Directory -Force -Path $StateDir | Out-Null

$Steps = New-Object System.Collections.ArrayList
$script:Failed = $false
$script:Changed = $false

function Add-Step([string]$Name, [string]$Status, [string]$Message) {
  [void]$Steps.Add([ordered]@{ name = $Name; status = $Status; message = $Message })
  if ($Status -eq 'failed') { $script:Failed = $true }
  if ($Status -eq 'changed') { $script:Changed = $true }
}

# ---- manifest: the first old value of everything we change ------------------------------------
function Get-Manifest {
  if (Test-Path -LiteralPath $ManifestPath) { return @(Get-Content -Raw -LiteralPath $ManifestPath | ConvertFrom-Json) }
  return @()
}
function Save-Manifest($Entries) { ConvertTo-Json -Depth 6 -InputObject @($Entries) | Set-Content -LiteralPath $ManifestPath -Encoding UTF8 }
function Add-ManifestEntry([string]$Kind, [string]$Key, $Before) {
  $m = @(Get-Manifest)
  if (@($m | Where-Object { $_.kind -eq $Kind -and $_.key -eq $Key }).Count -gt 0) { return }
  Save-Manifest (@($m) + @([pscustomobject]@{ kind = $Kind; key = $Key; before = $Before }))
}

function Test-ModernNetCmdlets { return [bool](Get-Command Get-NetAdapterBinding -ErrorAction SilentlyContinue) }

# ---- 1. VMware Tools ---------------------------------------------------------------------------
function Step-VmwareTools {
  $svc = Get-Service -Name VMTools -ErrorAction SilentlyContinue
  if (-not $svc) { Add-Step 'vmware-tools' 'warning' 'VMware Tools (service VMTools) is not installed; install it so the VM can be driven through Guest Operations'; return }
  if ($svc.Status -ne 'Running') { Add-Step 'vmware-tools' 'warning' "VMware Tools is installed but the VMTools service is $($svc.Status); start it"; return }
  Add-Step 'vmware-tools' 'unchanged' 'VMware Tools installed and running'
}

# ---- 3-4. NVSPBIND -----------------------------------------------------------------------------
function Step-Nvspbind {
  $target = Join-Path $P.nvspbind.installDir 'nvspbind.exe'
  if (Test-Path -LiteralPath $target) { Add-Step 'nvspbind' 'unchanged' "NVSPBIND already installed at $target"; return }
  $source = $P.nvspbind.source
  if (-not (Test-Path -LiteralPath $source)) {
    if (Test-ModernNetCmdlets) { Add-Step 'nvspbind' 'unchanged' "NVSPBIND not delivered ($source); not needed: this Windows has Get-NetAdapterBinding"; return }
    Add-Step 'nvspbind' 'failed' "NVSPBIND is needed on this Windows (no Get-NetAdapterBinding) but $source is missing; deliver nvspbind.exe there and rerun"; return
  }
  New-Item -ItemType Directory -Force -Path $P.nvspbind.installDir | Out-Null
  Add-ManifestEntry 'file-created' $target $null
  Copy-Item -LiteralPath $source -Destination $target -Force
  Add-Step 'nvspbind' 'changed' "NVSPBIND installed to $target"
}

# ---- 5. WFP lightweight filter bindings ---------------------------------------------------------
function Step-WfpBindings {
  $components = @($P.wfpComponents)
  $changed = @()
  if (Test-ModernNetCmdlets) {
    foreach ($b in @(Get-NetAdapterBinding -ComponentID $components -ErrorAction SilentlyContinue)) {
      if (-not $b.Enabled) { continue }
      Add-ManifestEntry 'binding' "$($b.Name)|$($b.ComponentID)" $true
      Disable-NetAdapterBinding -Name $b.Name -ComponentID $b.ComponentID -Confirm:$false
      $changed += "$($b.Name):$($b.ComponentID)"
    }
  } else {
    $nvsp = Join-Path $P.nvspbind.installDir 'nvspbind.exe'
    foreach ($c in $components) {
      $state = & $nvsp /o * $c 2>&1 | Out-String
      if ($state -notmatch 'enabled:') { continue }
      Add-ManifestEntry 'binding-nvspbind' "*|$c" $true
      & $nvsp /d * $c | Out-Null
      if ($LASTEXITCODE -ne 0) { Add-Step 'wfp-bindings' 'failed' "nvspbind /d * $c exited $LASTEXITCODE"; return }
      $changed += "*:$c"
    }
  }
  if ($changed.Count) { Add-Step 'wfp-bindings' 'changed' ("disabled to unblock iSCSI: " + ($changed -join ', ')) }
  else { Add-Step 'wfp-bindings' 'unchanged' ("already disabled or absent: " + ($components -join ', ')) }
}

# ---- 6. msiscsi ---------------------------------------------------------------------------------
function Step-Msiscsi {
  $svc = Get-WmiObject -Class Win32_Service -Filter "Name='msiscsi'"
  if (-not $svc) { Add-Step 'msiscsi' 'failed' 'the Microsoft iSCSI Initiator service (msiscsi) is missing; add the iSCSI initiator feature'; return }
  $did = @()
  if ($svc.StartMode -ne 'Auto') {
    Add-ManifestEntry 'service-start' 'msiscsi' $svc.StartMode
    Set-Service -Name msiscsi -StartupType Automatic
    $did += 'start mode automatic'
  }
  if ($svc.State -ne 'Running') {
    Add-ManifestEntry 'service-state' 'msiscsi' $svc.State
    Start-Service -Name msiscsi
    $did += 'started'
  }
  if ($did.Count) { Add-Step 'msiscsi' 'changed' ("msiscsi: " + ($did -join ', ')) } else { Add-Step 'msiscsi' 'unchanged' 'msiscsi already automatic and running' }
}

# ---- 7. scheduled task: offline disks online ----------------------------------------------------
function Step-OnlineDisksTask {
  $name = $P.onlineDisksTask.name
  $script = $P.onlineDisksTask.scriptPath
  $body = @'
# Ferry: bring disks that came up offline (SAN policy) online and writable at every boot.
if (Get-Command Get-Disk -ErrorAction SilentlyContinue) {
  Get-Disk | Where-Object { $_.IsOffline } | Set-Disk -IsOffline $false
  Get-Disk | Where-Object { $_.IsReadOnly } | Set-Disk -IsReadOnly $false
} else {
  $lines = "rescan`r`nlist disk" | diskpart | Select-String 'Offline'
  foreach ($l in $lines) { $n = ($l -split '\s+')[2]; "select disk $n`r`nattributes disk clear readonly`r`nonline disk" | diskpart | Out-Null }
}
'@
  $did = @()
  if (-not (Test-Path -LiteralPath $script) -or ((Get-Content -Raw -LiteralPath $script) -ne $body)) {
    if (-not (Test-Path -LiteralPath $script)) { Add-ManifestEntry 'file-created' $script $null }
    Set-Content -LiteralPath $script -Value $body -Encoding UTF8 -NoNewline
    $did += "script $script"
  }
  & schtasks.exe /Query /TN $name 2>$null | Out-Null
  if ($LASTEXITCODE -ne 0) {
    Add-ManifestEntry 'task-created' $name $null
    $action = "powershell.exe -NoProfile -ExecutionPolicy Bypass -File `"$script`""
    & schtasks.exe /Create /TN $name /SC ONSTART /RU SYSTEM /RL HIGHEST /F /TR $action | Out-Null
    if ($LASTEXITCODE -ne 0) { Add-Step 'online-disks-task' 'failed' "schtasks /Create $name exited $LASTEXITCODE"; return }
    $did += "task $name (at startup, SYSTEM)"
  }
  if ($did.Count) { Add-Step 'online-disks-task' 'changed' ("created " + ($did -join ', ')) } else { Add-Step 'online-disks-task' 'unchanged' "task $name already scheduled" }
}

# ---- 8. network capture -------------------------------------------------------------------------
function Step-NetworkCapture {
  $adapters = @()
  foreach ($a in @(Get-WmiObject Win32_NetworkAdapterConfiguration -Filter 'IPEnabled=TRUE')) {
    $nic = Get-WmiObject Win32_NetworkAdapter -Filter "Index=$($a.Index)"
    $addresses = @()
    for ($i = 0; $i -lt @($a.IPAddress).Count; $i++) {
      $ip = @($a.IPAddress)[$i]
      if ($ip -notmatch ':') {
        $mask = @($a.IPSubnet)[$i]
        $prefix = (($mask -split '\.' | ForEach-Object { [Convert]::ToString([int]$_, 2) }) -join '').TrimEnd('0').Length
        $addresses += "$ip/$prefix"
      }
    }
    $adapters += [ordered]@{
      name = $nic.NetConnectionID; mac = ($a.MACAddress -replace '-', ':').ToLower()
      method = $(if ($a.DHCPEnabled) { 'dhcp' } else { 'static' }); addresses = $addresses
      gateway = @($a.DefaultIPGateway | Where-Object { $_ -notmatch ':' })[0]; dns = @($a.DNSServerSearchOrder)
    }
  }
  $doc = [ordered]@{ capturedBy = 'ferry-prep.ps1'; hostname = $env:COMPUTERNAME; interfaces = $adapters }
  $out = Join-Path $StateDir 'network.json'
  $json = ConvertTo-Json -Depth 6 -InputObject $doc
  if ((Test-Path -LiteralPath $out) -and ((Get-Content -Raw -LiteralPath $out) -eq $json)) { Add-Step 'network-capture' 'unchanged' "unchanged since the last capture ($out)"; return }
  Set-Content -LiteralPath $out -Value $json -Encoding UTF8 -NoNewline
  Add-Step 'network-capture' 'changed' "$(@($adapters).Count) adapter(s) captured to $out"
}

# ---- apply-network: after migration --------------------------------------------------------------
function Step-ApplyNetwork {
  $captured = Get-Content -Raw -LiteralPath (Join-Path $StateDir 'network.json') | ConvertFrom-Json
  $done = @()
  foreach ($m in @($P.nicMap)) {
    $src = @($captured.interfaces | Where-Object { $_.mac -eq $m.sourceMac -or $_.name -eq $m.sourceName })[0]
    if (-not $src) { Add-Step 'apply-network' 'failed' "no captured adapter matches $($m.sourceMac)$($m.sourceName); fix the network map"; return }
    $cfg = Get-WmiObject Win32_NetworkAdapterConfiguration | Where-Object { $_.MACAddress -and (($_.MACAddress -replace '-', ':').ToLower() -eq $m.targetMac) }
    if (-not $cfg) { Add-Step 'apply-network' 'failed' "no adapter with MAC $($m.targetMac) in this VM; check the target VM's NICs"; return }
    $nic = Get-WmiObject Win32_NetworkAdapter -Filter "Index=$($cfg.Index)"
    $name = $(if ($m.targetName) { $m.targetName } else { $src.name })
    if ($nic.NetConnectionID -ne $name) { & netsh.exe interface set interface name="$($nic.NetConnectionID)" newname="$name" | Out-Null }
    $addresses = $(if (@($m.addresses).Count) { @($m.addresses) } else { @($src.addresses) })
    $method = $(if ($m.method) { $m.method } else { $src.method })
    if ($method -eq 'dhcp') { [void]$cfg.EnableDHCP() }
    else {
      $ips = @($addresses | ForEach-Object { ($_ -split '/')[0] })
      $masks = @($addresses | ForEach-Object { $p = [int](($_ -split '/')[1]); ([ipaddress]([uint32]([math]::Pow(2, 32) - [math]::Pow(2, 32 - $p)))).ToString() })
      [void]$cfg.EnableStatic($ips, $masks)
      $gw = $(if ($m.gateway) { $m.gateway } else { $src.gateway })
      if ($gw) { [void]$cfg.SetGateways(@($gw), @([uint16]1)) }
      if (@($src.dns).Count) { [void]$cfg.SetDNSServerSearchOrder(@($src.dns)) }
    }
    $done += "$name ($($m.targetMac)): $method $($addresses -join ',')"
  }
  Add-Step 'apply-network' 'changed' ("applied: " + ($done -join '; '))
}

# ---- undo -----------------------------------------------------------------------------------------
function Step-Undo {
  $m = @(Get-Manifest)
  if ($m.Count -eq 0) { Add-Step 'undo' 'unchanged' "no manifest at $ManifestPath; nothing to undo"; return }
  [array]::Reverse($m)
  foreach ($e in $m) {
    switch ($e.kind) {
      'binding' { $n, $c = $e.key -split '\|', 2; Enable-NetAdapterBinding -Name $n -ComponentID $c -Confirm:$false }
      'binding-nvspbind' { $c = ($e.key -split '\|', 2)[1]; & (Join-Path $P.nvspbind.installDir 'nvspbind.exe') /e * $c | Out-Null }
      'service-start' { $mode = @{ Auto = 'Automatic'; Manual = 'Manual'; Disabled = 'Disabled' }[$e.before]; Set-Service -Name $e.key -StartupType $mode }
      'service-state' { if ($e.before -eq 'Stopped') { Stop-Service -Name $e.key -Force } }
      'task-created' { & schtasks.exe /Delete /TN $e.key /F | Out-Null }
      'file-created' { Remove-Item -LiteralPath $e.key -Force -ErrorAction SilentlyContinue }
    }
  }
  Remove-Item -LiteralPath $ManifestPath -Force
  Add-Step 'undo' 'changed' "restored $($m.Count) recorded change(s)"
}

$plan = switch ($P.mode) {
  'prepare' { @('Step-VmwareTools', 'Step-Nvspbind', 'Step-WfpBindings', 'Step-Msiscsi', 'Step-OnlineDisksTask', 'Step-NetworkCapture') }
  'undo' { @('Step-Undo') }
  'apply-network' { @('Step-ApplyNetwork') }
  default { throw "params.mode '$($P.mode)' is not prepare, undo or apply-network" }
}
foreach ($step in $plan) {
  $stepName = ($step -replace '^Step-', '')
  if ($script:Failed) { Add-Step $stepName 'skipped' 'not run: an earlier step failed'; continue }
  try { & $step } catch { Add-Step $stepName 'failed' "$($_.Exception.Message)" }
}

$os = Get-WmiObject Win32_OperatingSystem
$result = [ordered]@{
  tool = 'ferry-prep'; version = 1; mode = $P.mode; ok = (-not $script:Failed); changed = $script:Changed; offline = $false
  distro = [ordered]@{ id = 'windows'; version = $os.Version; family = 'windows' }
  steps = @($Steps)
}
$line = ConvertTo-Json -Depth 6 -Compress -InputObject $result
Set-Content -LiteralPath (Join-Path $StateDir 'result.json') -Value $line -Encoding UTF8
Write-Output $line
if ($script:Failed) { exit 1 } else { exit 0 }
