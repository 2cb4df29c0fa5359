# shellcheck shell=sh
# Steps 1-3 of the Linux list: VMware Tools check, iSCSI initiator install, iSCSI modules in the initramfs.

ISCSI_MODULES="iscsi_tcp libiscsi libiscsi_tcp scsi_transport_iscsi"

step_vmware_tools() {
  installed=""
  for p in open-vm-tools vmware-tools; do package_installed "$p" && installed="$p"; done
  [ -z "$installed" ] && { [ -x /usr/bin/vmtoolsd ] || [ -d /etc/vmware-tools ]; } && installed="vmtoolsd (installed without a package)"
  if [ -z "$installed" ]; then
    record_step vmware-tools warning "neither open-vm-tools nor vmware-tools is installed; install open-vm-tools so the guest can be driven through vSphere Guest Operations and report its IP after migration"
  elif [ "$OFFLINE" = 1 ]; then
    record_step vmware-tools unchanged "$installed installed; not checked for running (guest is offline)"
  elif pidof vmtoolsd >/dev/null 2>&1; then
    record_step vmware-tools unchanged "$installed installed and vmtoolsd running"
  else
    record_step vmware-tools warning "$installed installed but vmtoolsd is not running; start it (systemctl start open-vm-tools or vmtoolsd)"
  fi
}

# Runs the package manager; prints its output to stderr and keeps its tail for the message.
run_pm() {
  out="$STATE_DIR/.pm.$$"
  "$@" >"$out" 2>&1
  rc=$?
  cat "$out" >&2
  PM_TAIL=$(grep -E '^(E:|Error|error|No package|Problem)' "$out" | tail -n 3 | tr '\n' ' ')
  [ -n "$PM_TAIL" ] || PM_TAIL=$(tail -n 2 "$out" | tr '\n' ' ')
  rm -f "$out"
  return $rc
}

install_with_pm() {
  case "$PKG_MANAGER" in
    apt)
      export DEBIAN_FRONTEND=noninteractive
      run_pm apt-get install -y --no-install-recommends "$1" && return 0
      # Package lists may be stale or missing: refresh once, then retry.
      run_pm apt-get update || return 1
      run_pm apt-get install -y --no-install-recommends "$1" ;;
    dnf) run_pm dnf -y install "$1" ;;
    yum) run_pm yum -y install "$1" ;;
    zypper) run_pm zypper --non-interactive install "$1" ;;
    *) PM_TAIL="no supported package manager (apt, dnf, yum, zypper) found"; return 1 ;;
  esac
}

# Paths apt may create under its list/cache folders; removed again when an install fails.
list_pm_scratch() {
  for d in /var/lib/apt/lists /var/lib/apt/lists/partial /var/cache/apt /var/cache/apt/archives/partial /var/lib/dpkg; do
    [ -d "$d" ] && find "$d" -maxdepth 1 -mindepth 1 2>/dev/null
  done | sort
}

step_iscsi_initiator() {
  pkg=$(iscsi_package)
  if [ -z "$pkg" ]; then
    record_step iscsi-initiator failed "unsupported distribution '$DISTRO_ID' (family $DISTRO_FAMILY): no known iSCSI initiator package; see the guest OS support matrix"
    return
  fi
  if package_installed "$pkg"; then
    record_step iscsi-initiator unchanged "$pkg already installed"
    return
  fi
  before="$STATE_DIR/.pkgs.before"
  installed_package_names >"$before"
  list_pm_scratch >"$STATE_DIR/.scratch.before"
  # Remember where the manifest stood, so a failed install can put everything back at once.
  mark=$(wc -l <"$MANIFEST" 2>/dev/null || echo 0)
  for f in $(package_state_paths); do backup_file "$f"; done
  # Package scripts regenerate initramfs images (open-iscsi's trigger does): keep the originals.
  for v in $(kernel_versions); do img=$(initramfs_of "$v"); [ -f "$img" ] && backup_file "$img"; done
  if install_with_pm "$pkg"; then
    installed_package_names | comm -13 "$before" - | while read -r p; do record_package "$p" "$PKG_MANAGER"; done
    rm -f "$before" "$STATE_DIR/.scratch.before"
    record_step iscsi-initiator changed "installed $pkg with $PKG_MANAGER"
    return
  fi
  # Failed: put back every file this step touched and drop what the package manager created.
  rollback_manifest_to "$mark"
  list_pm_scratch | comm -13 "$STATE_DIR/.scratch.before" - | while read -r p; do rm -rf "$p"; done
  rm -f "$before" "$STATE_DIR/.scratch.before"
  record_step iscsi-initiator failed "could not install $pkg with $PKG_MANAGER: ${PM_TAIL:-unknown error}. Check the guest's package sources (for apt: /etc/apt/sources.list and /etc/apt/sources.list.d/) and that it can reach them, then rerun"
}

# Restores the changes recorded after manifest line $1 and forgets them.
rollback_manifest_to() {
  [ -f "$MANIFEST" ] || return 0
  awk -v m="$1" 'NR > m' "$MANIFEST" | awk '{ a[NR] = $0 } END { for (i = NR; i >= 1; i--) print a[i] }' |
    while IFS="$(printf '\t')" read -r kind path extra; do
      case "$kind" in
        modified) rm -rf "$path"; cp -a "$extra" "$path"; rm -f "$extra" ;;
        created) rm -rf "$path" ;;
      esac
    done
  awk -v m="$1" 'NR <= m' "$MANIFEST" >"$MANIFEST.tmp" && mv "$MANIFEST.tmp" "$MANIFEST"
}

kernel_versions() { ls /lib/modules 2>/dev/null | sort; }

initramfs_of() {
  case "$INITRAMFS_TOOL" in
    update-initramfs) echo "/boot/initrd.img-$1" ;;
    dracut) echo "/boot/initramfs-$1.img" ;;
    mkinitrd) echo "/boot/initrd-$1" ;;
  esac
}

initramfs_has_iscsi() {
  case "$INITRAMFS_TOOL" in
    update-initramfs) lsinitramfs "$1" 2>/dev/null | grep -q '/iscsi_tcp\.ko' ;;
    dracut | mkinitrd) lsinitrd "$1" 2>/dev/null | grep -q '/iscsi_tcp\.ko' ;;
  esac
}

step_initramfs() {
  changed_conf=0
  case "$INITRAMFS_TOOL" in
    update-initramfs)
      f=/etc/initramfs-tools/modules
      { [ -f "$f" ] && cat "$f"; for m in $ISCSI_MODULES; do grep -qx "$m" "$f" 2>/dev/null || echo "$m"; done; } |
        write_if_changed "$f" && changed_conf=1 ;;
    dracut)
      printf '# Ferry: iSCSI boot support for warm migration over the cloud cache\nadd_drivers+=" %s "\nadd_dracutmodules+=" iscsi network "\n' "$ISCSI_MODULES" |
        write_if_changed /etc/dracut.conf.d/90-ferry-iscsi.conf && changed_conf=1 ;;
    mkinitrd)
      f=/etc/sysconfig/kernel
      if [ -f "$f" ] && ! grep -q 'iscsi_tcp' "$f"; then
        sed "s/^INITRD_MODULES=\"\(.*\)\"/INITRD_MODULES=\"\1 $ISCSI_MODULES\"/" "$f" | write_if_changed "$f" && changed_conf=1
      fi ;;
    *) record_step initramfs failed "no initramfs tool (update-initramfs, dracut, mkinitrd) found; install the distribution's one and rerun"; return ;;
  esac
  rebuilt=""
  for v in $(kernel_versions); do
    img=$(initramfs_of "$v")
    [ -f "$img" ] || continue
    if [ "$changed_conf" = 0 ] && initramfs_has_iscsi "$img"; then continue; fi
    backup_file "$img"
    case "$INITRAMFS_TOOL" in
      update-initramfs) run_pm update-initramfs -u -k "$v" ;;
      dracut) run_pm dracut -f "$img" "$v" ;;
      mkinitrd) run_pm mkinitrd -k "/boot/vmlinuz-$v" -i "$img" ;;
    esac || { record_step initramfs failed "rebuilding $img with $INITRAMFS_TOOL failed: $PM_TAIL"; return; }
    if ! initramfs_has_iscsi "$img"; then
      record_step initramfs failed "$img was rebuilt but does not contain iscsi_tcp.ko; is the kernel $v missing the module?"
      return
    fi
    rebuilt="$rebuilt $img"
  done
  if [ -n "$rebuilt" ]; then
    record_step initramfs changed "iSCSI modules ($ISCSI_MODULES) added with $INITRAMFS_TOOL to:$rebuilt"
  elif [ "$changed_conf" = 1 ]; then
    record_step initramfs changed "iSCSI modules added to the $INITRAMFS_TOOL configuration (no initramfs image found to rebuild)"
  else
    record_step initramfs unchanged "every initramfs already holds the iSCSI modules"
  fi
}
