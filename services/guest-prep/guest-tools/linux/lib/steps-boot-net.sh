# shellcheck shell=sh
# Steps 4-5 of the Linux list: grub scripts for an iSCSI boot entry (BIOS and EFI), network capture.

GRUB_SCRIPT=/etc/grub.d/42_ferry_iscsi
GRUB_DEFAULTS=/etc/default/ferry-iscsi-boot

# Kernel arguments that make the initramfs log in to the iSCSI target holding the root disk.
iscsi_cmdline() {
  if [ "$DISTRO_FAMILY" = debian ]; then
    if [ -n "$ISCSI_TARGET_IP" ]; then
      printf 'ip=dhcp iscsi_target_ip=%s iscsi_target_port=%s iscsi_target_name=%s%s' "$ISCSI_TARGET_IP" "${ISCSI_TARGET_PORT:-3260}" \
        "$ISCSI_TARGET_IQN" "${ISCSI_INITIATOR_IQN:+ iscsi_initiator=$ISCSI_INITIATOR_IQN}"
    else
      printf 'ip=dhcp iscsi_auto'
    fi
  else
    if [ -n "$ISCSI_TARGET_IP" ]; then
      printf 'ip=dhcp netroot=iscsi:%s::%s::%s%s' "$ISCSI_TARGET_IP" "${ISCSI_TARGET_PORT:-3260}" "$ISCSI_TARGET_IQN" \
        "${ISCSI_INITIATOR_IQN:+ rd.iscsi.initiator=$ISCSI_INITIATOR_IQN}"
    else
      printf 'ip=ibft rd.iscsi.ibft=1 rd.iscsi.firmware=1'
    fi
  fi
}

# The /etc/grub.d script: one menu entry for the newest kernel, same root, plus the iSCSI arguments.
grub_script() {
  cat <<'EOF'
#!/bin/sh
# Installed by Ferry prepare-to-migrate: a boot entry that reaches the root disk over iSCSI
# (the cloud cache during a warm migration). Removed by `ferry-prep.sh --undo`.
set -e
[ -r /etc/default/ferry-iscsi-boot ] && . /etc/default/ferry-iscsi-boot
[ -n "${FERRY_ISCSI_CMDLINE:-}" ] || exit 0
for lib in /usr/share/grub/grub-mkconfig_lib /usr/lib/grub/grub-mkconfig_lib; do [ -r "$lib" ] && . "$lib" && break; done
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || exit 0
version=${kernel#/boot/vmlinuz-}
initrd=""
for i in /boot/initrd.img-$version /boot/initramfs-$version.img /boot/initrd-$version; do [ -f "$i" ] && initrd=$i && break; done
rel_kernel=$(make_system_path_relative_to_its_root "$kernel" 2>/dev/null || echo "$kernel")
rel_initrd=$(make_system_path_relative_to_its_root "$initrd" 2>/dev/null || echo "$initrd")
root_arg="root=${GRUB_DEVICE}"
[ -n "${GRUB_DEVICE_UUID:-}" ] && root_arg="root=UUID=${GRUB_DEVICE_UUID}"
echo "Found Ferry iSCSI boot entry for $version" >&2
echo "menuentry 'Ferry: boot over iSCSI ($version)' --id ferry-iscsi {"
if [ -n "${GRUB_DEVICE_BOOT:-}" ] && command -v prepare_grub_to_access_device >/dev/null 2>&1; then
  prepare_grub_to_access_device "$GRUB_DEVICE_BOOT" | sed 's/^/\t/'
fi
echo "	linux ${rel_kernel} ${root_arg} ro ${FERRY_ISCSI_CMDLINE} ${GRUB_CMDLINE_LINUX:-}"
[ -n "$initrd" ] && echo "	initrd ${rel_initrd}"
echo "}"
EOF
}

grub_mkconfig_cmd() {
  for c in grub-mkconfig grub2-mkconfig; do command -v "$c" >/dev/null 2>&1 && echo "$c" && return; done
}

# Every grub.cfg to regenerate: BIOS, plus EFI ones that are real configs (not Debian/Ubuntu stubs
# that only `configfile` the BIOS one).
grub_cfgs() {
  for c in /boot/grub/grub.cfg /boot/grub2/grub.cfg; do [ -d "$(dirname "$c")" ] && echo "$c"; done | head -n 1
  for c in /boot/efi/EFI/*/grub.cfg; do
    [ -f "$c" ] && ! grep -q '^[[:space:]]*configfile' "$c" && echo "$c"
  done
}

step_grub() {
  mk=$(grub_mkconfig_cmd)
  if [ -z "$mk" ]; then
    if [ -f /boot/grub/grub.conf ] || [ -f /boot/grub/menu.lst ]; then
      record_step grub failed "legacy GRUB (grub.conf/menu.lst) found: Ferry adds iSCSI boot entries for GRUB 2 only; add the entry by hand or upgrade the bootloader"
    else
      record_step grub failed "no grub-mkconfig or grub2-mkconfig found: install the distribution's GRUB 2 package and rerun"
    fi
    return
  fi
  changed=0
  printf 'FERRY_ISCSI_CMDLINE="%s"\n' "$(iscsi_cmdline)" | write_if_changed "$GRUB_DEFAULTS" && changed=1
  grub_script | write_if_changed "$GRUB_SCRIPT" 755 && changed=1
  cfgs=$(grub_cfgs)
  if [ -z "$cfgs" ]; then
    [ -d /boot/grub ] || { backup_file /boot/grub; mkdir -p /boot/grub; }
    cfgs=/boot/grub/grub.cfg
  fi
  regenerated=""
  for cfg in $cfgs; do
    if [ "$changed" = 0 ] && [ -f "$cfg" ] && grep -q 'ferry-iscsi' "$cfg"; then continue; fi
    backup_file "$cfg"
    run_pm "$mk" -o "$cfg" || { record_step grub failed "$mk -o $cfg failed: $PM_TAIL"; return; }
    grep -q 'ferry-iscsi' "$cfg" || { record_step grub failed "$cfg was regenerated but has no Ferry iSCSI entry; check that $GRUB_SCRIPT is executable"; return; }
    regenerated="$regenerated $cfg"
  done
  if [ -n "$regenerated" ]; then
    record_step grub changed "iSCSI boot entry ($(iscsi_cmdline)) added to:$regenerated"
  else
    record_step grub unchanged "grub configuration already has the iSCSI boot entry"
  fi
}

# Network capture: hostname, DNS, the distribution's network files verbatim, and (guest running)
# the live state from iproute2's JSON output. The service normalises it into interfaces/routes.
net_files() {
  for f in /etc/network/interfaces /etc/network/interfaces.d/* /etc/netplan/*.yaml /etc/netplan/*.yml \
    /etc/sysconfig/network-scripts/ifcfg-* /etc/sysconfig/network/ifcfg-* /etc/sysconfig/network/routes \
    /etc/sysconfig/network /etc/NetworkManager/system-connections/* /etc/systemd/network/*.network \
    /etc/systemd/network/*.link /etc/resolv.conf /etc/hostname /etc/hosts; do
    [ -f "$f" ] && echo "$f"
  done
}

step_network_capture() {
  out="$STATE_DIR/network.json"
  tmp="$out.tmp"
  hostname_value=$(cat /etc/hostname 2>/dev/null || hostname 2>/dev/null || echo "")
  live_link="null" live_addr="null" live_route="null"
  if [ "$OFFLINE" != 1 ] && ip -j link show >/dev/null 2>&1; then
    live_link=$(ip -j link show) live_addr=$(ip -j addr show) live_route=$(ip -j route show)
  fi
  {
    printf '{"capturedBy":"ferry-prep","offline":%s,"hostname":%s,' "$([ "$OFFLINE" = 1 ] && echo true || echo false)" "$(json_str "$hostname_value")"
    printf '"nameservers":['; awk '$1 == "nameserver" { printf "%s\"%s\"", (n++ ? "," : ""), $2 }' /etc/resolv.conf 2>/dev/null; printf '],'
    printf '"search":['; awk '$1 == "search" || $1 == "domain" { for (i = 2; i <= NF; i++) printf "%s\"%s\"", (n++ ? "," : ""), $i }' /etc/resolv.conf 2>/dev/null; printf '],'
    printf '"live":{"link":%s,"addr":%s,"route":%s},"files":{' "$live_link" "$live_addr" "$live_route"
    sep=""
    for f in $(net_files); do printf '%s%s:%s' "$sep" "$(json_str "$f")" "$(json_file "$f")"; sep=","; done
    printf '}}\n'
  } >"$tmp"
  if [ -f "$out" ] && cmp -s "$tmp" "$out"; then
    rm -f "$tmp"
    record_step network-capture unchanged "network configuration unchanged since the last capture ($out)"
  else
    mv "$tmp" "$out"
    record_step network-capture changed "network configuration captured to $out ($(net_files | wc -l) file(s))"
  fi
}
