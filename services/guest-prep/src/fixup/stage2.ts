import { type TargetPlatform } from './inputs';
import { type GuestFile } from './nic-naming';

export const STAGE2_SCRIPT = '/usr/local/sbin/ferry-fixup-stage2';
export const STAGE2_UNIT = '/etc/systemd/system/ferry-fixup-stage2.service';
export const STAGE2_WANTS = '/etc/systemd/system/multi-user.target.wants/ferry-fixup-stage2.service';

/**
 * Stage 2 (in-guest, first boot on the target; OSAM's "sentinel"): on a VMware target installs
 * open-vm-tools when missing and the package is reachable (KVM targets need no tools), records
 * the NICs as the guest sees them, writes /var/lib/ferry/fixup/stage2.json, announces itself on the
 * console, and removes itself so it runs once.
 */
export function stage2Files(platform: TargetPlatform): GuestFile[] {
  const tools = 'open-vm-tools';
  const script = `#!/bin/sh
# Ferry fixup stage 2: runs once at the replica's first boot on the ${platform} target.
out=/var/lib/ferry/fixup/stage2.json
mkdir -p /var/lib/ferry/fixup
tools=not-needed
if [ ${platform} != vmware ]; then :
elif command -v dpkg-query >/dev/null 2>&1; then
  if dpkg-query -W -f='\${Status}' ${tools} 2>/dev/null | grep -q 'install ok installed'; then tools=present
  elif DEBIAN_FRONTEND=noninteractive timeout 120 apt-get install -y -q ${tools} >/var/log/ferry-fixup-stage2.log 2>&1; then tools=installed
  else tools=unavailable; fi
elif command -v rpm >/dev/null 2>&1; then
  if rpm -q ${tools} >/dev/null 2>&1; then tools=present
  elif timeout 120 sh -c '(command -v dnf >/dev/null && dnf -y install ${tools}) || yum -y install ${tools}' >/var/log/ferry-fixup-stage2.log 2>&1; then tools=installed
  else tools=unavailable; fi
fi
links=$(ip -br link 2>/dev/null | awk '{ printf "%s\\"%s %s\\"", (n++ ? "," : ""), $1, $3 }')
printf '{"stage":2,"platform":"${platform}","guestTools":"${tools}","status":"%s","links":[%s]}\\n' "$tools" "$links" >"$out"
echo "FERRY-STAGE2-DONE guest tools (${tools}): $tools" >/dev/console 2>/dev/null || true
rm -f ${STAGE2_WANTS} ${STAGE2_UNIT} "$0"
`;
  const unit = `[Unit]
Description=Ferry fixup stage 2 (first boot on the target)
After=network-online.target networking.service
Wants=network-online.target
Before=ferry-boot-report.service

[Service]
Type=oneshot
ExecStart=${STAGE2_SCRIPT}

[Install]
WantedBy=multi-user.target
`;
  return [
    { path: STAGE2_SCRIPT, content: script, mode: 0o755 },
    { path: STAGE2_UNIT, content: unit },
  ];
}
