#!/bin/sh
# Ferry prepare-to-migrate for Linux guests (the HDM appendix's Linux list).
#
#   ferry-prep.sh [--offline] [--state-dir DIR] [--iscsi-target-ip IP --iscsi-target-iqn IQN
#                 [--iscsi-target-port N] [--initiator-iqn IQN]] [--undo]
#
# Steps: vmware-tools (check), iscsi-initiator (install with apt/dnf/yum/zypper), initramfs (iSCSI
# modules via update-initramfs/dracut/mkinitrd), grub (iSCSI boot entry, BIOS and EFI configs),
# network-capture (JSON in the state dir). Idempotent: a rerun changes no file. Reversible: every
# change is recorded in <state-dir>/backup/manifest.tsv and `--undo` restores each file byte for
# byte (and purges packages it installed). A failed step stops the run; later steps are "skipped".
# --offline: the guest is not running (the service runs this in a chroot of its mounted root), so
# live checks (vmtoolsd running, `ip` state) are not made.
# Output: the result document (JSON, one line) on stdout and in <state-dir>/result.json.
# Exit status: 0 every step ok, 1 a step failed, 2 bad arguments.
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/common.sh"
. "$HERE/lib/distro.sh"
. "$HERE/lib/steps-iscsi.sh"
. "$HERE/lib/steps-boot-net.sh"

STATE_DIR=/opt/ferry/prep/state OFFLINE=0 MODE=prepare
ISCSI_TARGET_IP="" ISCSI_TARGET_IQN="" ISCSI_TARGET_PORT="" ISCSI_INITIATOR_IQN=""
usage() { echo "usage: $0 [--offline] [--state-dir DIR] [--iscsi-target-ip IP --iscsi-target-iqn IQN [--iscsi-target-port N] [--initiator-iqn IQN]] [--undo]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --offline) OFFLINE=1 ;;
    --undo) MODE=undo ;;
    --state-dir) [ $# -ge 2 ] || usage; STATE_DIR=$2; shift ;;
    --iscsi-target-ip) [ $# -ge 2 ] || usage; ISCSI_TARGET_IP=$2; shift ;;
    --iscsi-target-iqn) [ $# -ge 2 ] || usage; ISCSI_TARGET_IQN=$2; shift ;;
    --iscsi-target-port) [ $# -ge 2 ] || usage; ISCSI_TARGET_PORT=$2; shift ;;
    --initiator-iqn) [ $# -ge 2 ] || usage; ISCSI_INITIATOR_IQN=$2; shift ;;
    -h | --help) usage ;;
    *) echo "ferry-prep.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
if [ -n "$ISCSI_TARGET_IP" ] && [ -z "$ISCSI_TARGET_IQN" ]; then
  echo "ferry-prep.sh: --iscsi-target-ip $ISCSI_TARGET_IP needs --iscsi-target-iqn too" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ferry-prep.sh: must run as root (it installs packages and rewrites boot files); rerun with sudo" >&2
  exit 2
fi

mkdir -p "$STATE_DIR"
BACKUP_DIR="$STATE_DIR/backup"
MANIFEST="$BACKUP_DIR/manifest.tsv"
STEPS_FILE="$STATE_DIR/.steps.$$"
FAILED=0 CHANGED=0
: >"$STEPS_FILE"
mkdir -p "$BACKUP_DIR"
# One run at a time per guest.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$STATE_DIR/.lock"
  flock -n 9 || { echo "ferry-prep.sh: another run holds $STATE_DIR/.lock; wait for it to finish" >&2; exit 2; }
fi
detect_distro
log "distribution: $DISTRO_ID $DISTRO_VERSION ($DISTRO_FAMILY), package manager $PKG_MANAGER, initramfs tool $INITRAMFS_TOOL"

if [ "$MODE" = undo ]; then
  undo_all
else
  for step in step_vmware_tools step_iscsi_initiator step_initramfs step_grub step_network_capture; do
    name=$(echo "${step#step_}" | tr _ -)
    if [ "$FAILED" = 1 ]; then record_step "$name" skipped "not run: an earlier step failed"; continue; fi
    "$step"
  done
fi

ok=$([ "$FAILED" = 0 ] && echo true || echo false)
changed=$([ "$CHANGED" = 1 ] && echo true || echo false)
result="{\"tool\":\"ferry-prep\",\"version\":1,\"mode\":\"$MODE\",\"ok\":$ok,\"changed\":$changed,\"offline\":$([ "$OFFLINE" = 1 ] && echo true || echo false),"
result="$result\"distro\":{\"id\":$(json_str "$DISTRO_ID"),\"version\":$(json_str "$DISTRO_VERSION"),\"family\":\"$DISTRO_FAMILY\",\"packageManager\":\"$PKG_MANAGER\",\"initramfsTool\":\"$INITRAMFS_TOOL\"},"
result="$result\"steps\":[$(paste -sd, "$STEPS_FILE")]}"
rm -f "$STEPS_FILE"
[ -s "$MANIFEST" ] || rm -f "$MANIFEST"
rmdir "$BACKUP_DIR" 2>/dev/null
printf '%s\n' "$result" >"$STATE_DIR/result.json"
printf '%s\n' "$result"
[ "$FAILED" = 0 ]
