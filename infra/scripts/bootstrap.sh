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

# The vcsim launcher's go build (~30 s from a cold Go cache, not quite two cores) runs while the
# workspaces build: the TypeScript build is one single-threaded tsc process, which leaves the other core.
vcsim_pid=
if [[ -x infra/vcsim/build.sh ]]; then bash infra/vcsim/build.sh & vcsim_pid=$!; fi

log "building workspaces"
# Every workspace's build is `tsc -b`, and tsc -b follows the project references (the order turbo's ^build
# gives): one tsc -b over all of them builds the same dist/ in one process, instead of one process per
# workspace that each parses its references' declarations and the lib files again (on 2 cores:
# ~65 s instead of turbo's ~140 s from clean; a no-op when up to date). A workspace with any other build
# script falls back to turbo.
mapfile -t projects < <(node -e '
  const { readFileSync, readdirSync, existsSync } = require("node:fs");
  const root = JSON.parse(readFileSync("package.json", "utf8"));
  const dirs = [];
  for (const pattern of root.workspaces) {
    const base = pattern.replace(/\/\*$/, "");
    const names = pattern.endsWith("/*") ? readdirSync(base).map((n) => `${base}/${n}`) : [base];
    for (const dir of names.sort()) {
      if (!existsSync(`${dir}/package.json`)) continue;
      const build = JSON.parse(readFileSync(`${dir}/package.json`, "utf8")).scripts?.build;
      if (build === undefined) continue;
      if (build !== "tsc -b" || !existsSync(`${dir}/tsconfig.json`)) { console.log("!turbo"); process.exit(0); }
      dirs.push(dir);
    }
  }
  for (const dir of dirs) console.log(dir);
')
if [[ ${#projects[@]} -eq 0 || ${projects[0]} == '!turbo' ]]; then
  npx turbo run build --output-logs=errors-only
else
  npx tsc -b "${projects[@]}"
fi
if [[ -n $vcsim_pid ]]; then wait "$vcsim_pid"; fi
log "ready"
