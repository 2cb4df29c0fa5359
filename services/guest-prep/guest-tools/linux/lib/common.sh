# shellcheck shell=sh
# Ferry prepare-to-migrate: shared helpers (JSON output, step results, the backup manifest).
# POSIX sh on purpose: the oldest supported guests (RHEL 6) have bash, but minimal images may not.

# JSON string literal of $1 (escapes backslash, quote, control characters; keeps UTF-8 as is).
json_str() {
  printf '%s' "$1" | awk 'BEGIN { ORS = "" ; printf "\"" }
    { if (NR > 1) printf "\\n"
      gsub(/\\/, "\\\\\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r")
      printf "%s", $0 }
    END { printf "\"" }'
}

# json_file PATH: the file's content as a JSON string, byte for byte (its final newline kept, which
# "$(cat PATH)" would drop).
json_file() {
  awk -v nl="$(tail -c1 "$1" | wc -l)" 'BEGIN { ORS = "" ; printf "\"" }
    { if (NR > 1) printf "\\n"
      gsub(/\\/, "\\\\\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r")
      printf "%s", $0 }
    END { if (nl == 1) printf "\\n"; printf "\"" }' "$1"
}

log() { printf '[ferry-prep] %s\n' "$*" >&2; }

# Steps append one JSON object each to $STEPS_FILE; the result document wraps them.
# record_step NAME STATUS MESSAGE   (status: unchanged | changed | warning | failed | skipped)
record_step() {
  printf '{"name":%s,"status":%s,"message":%s}\n' "$(json_str "$1")" "$(json_str "$2")" "$(json_str "$3")" >>"$STEPS_FILE"
  log "$1: $2 - $3"
  case "$2" in failed) FAILED=1 ;; changed) CHANGED=1 ;; esac
}

# ---- backup manifest -------------------------------------------------------------------------
# One line per change, tab-separated:  modified <path> <backup>  |  created <path> -  |  package <name> <manager>
# Only the FIRST change to a path is recorded, so undo restores the original even after reruns.

manifest_has() { [ -f "$MANIFEST" ] && awk -F '\t' -v p="$1" '$2 == p { found = 1 } END { exit !found }' "$MANIFEST"; }

# Call before changing or creating $1.
backup_file() {
  manifest_has "$1" && return 0
  mkdir -p "$BACKUP_DIR"
  if [ -e "$1" ] || [ -L "$1" ]; then
    n=$(($(wc -l <"$MANIFEST" 2>/dev/null || echo 0) + 1))
    b="$BACKUP_DIR/$n.$(basename "$1")"
    cp -a "$1" "$b"
    printf 'modified\t%s\t%s\n' "$1" "$b" >>"$MANIFEST"
  else
    printf 'created\t%s\t-\n' "$1" >>"$MANIFEST"
  fi
}

record_package() { printf 'package\t%s\t%s\n' "$1" "$2" >>"$MANIFEST"; }

# Write stdin to $1 only when the content differs (keeps a rerun from touching files).
# Returns 0 when it wrote, 1 when the file already had that content.
write_if_changed() {
  tmp="$STATE_DIR/.write.$$"
  cat >"$tmp"
  if [ -f "$1" ] && cmp -s "$tmp" "$1"; then rm -f "$tmp"; return 1; fi
  backup_file "$1"
  mkdir -p "$(dirname "$1")"
  if [ -f "$1" ]; then cat "$tmp" >"$1"; rm -f "$tmp"; else mv "$tmp" "$1"; chmod "${2:-644}" "$1"; fi
  return 0
}

# Undo: reverse the manifest. Packages first are removed in reverse install order, then files are
# restored (or deleted when we created them), so package-manager state files end byte-identical.
undo_all() {
  if [ ! -s "$MANIFEST" ]; then
    record_step undo unchanged "no backup manifest at $MANIFEST: nothing to undo"
    return 0
  fi
  # Keep what the package managers logged during prep and undo before their logs are put back.
  audit="$STATE_DIR/audit/undo-$(date +%Y%m%dT%H%M%S)"
  tac_file="$STATE_DIR/.undo.$$"
  awk '{ a[NR] = $0 } END { for (i = NR; i >= 1; i--) print a[i] }' "$MANIFEST" >"$tac_file"
  while IFS="$(printf '\t')" read -r kind path extra; do
    [ "$kind" = package ] || continue
    remove_package "$path" "$extra" || { record_step undo failed "could not remove package $path with $extra; remove it by hand, then rerun --undo"; rm -f "$tac_file"; return 1; }
  done <"$tac_file"
  for log_path in $(package_log_paths); do
    [ -e "$log_path" ] && mkdir -p "$audit" && cp -a "$log_path" "$audit/" 2>/dev/null
  done
  while IFS="$(printf '\t')" read -r kind path extra; do
    case "$kind" in
      modified) rm -rf "$path"; cp -a "$extra" "$path" ;;
      created) rm -rf "$path" ;;
    esac
  done <"$tac_file"
  rm -f "$tac_file"
  count=$(wc -l <"$MANIFEST")
  rm -rf "$BACKUP_DIR" "$MANIFEST"
  record_step undo changed "restored $count recorded change(s)"
}
