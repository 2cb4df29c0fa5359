#!/usr/bin/env bash
# Idempotent set-up shared by `npm test` and `npm run demo`: installs the Debian packages
# in infra/debian-packages.txt that are missing, the npm packages when the lock file changed,
# builds our vcsim launcher and the TypeScript workspaces. A second run does nothing slow.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 NPM_CONFIG_UPDATE_NOTIFIER=false
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
log() { printf '[bootstrap] %s\n' "$*"; }

missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < infra/debian-packages.txt
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "bootstrap: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo -n)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

# npm packages: reinstall only when package-lock.json is newer than the last install.
stamp=node_modules/.ferry-installed
if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
  log "installing npm packages"
  # `npm install`, not `npm ci`: the lock file lists only this platform's optional native
  # packages (swc, turbo), which `npm ci` rejects as out of sync; install honours the pinned versions.
  npm install --no-audit --no-fund
  touch "$stamp"
fi

if [[ -x infra/vcsim/build.sh ]]; then bash infra/vcsim/build.sh; fi


log "building workspaces"
npx turbo run build --output-logs=errors-only
log "ready"
