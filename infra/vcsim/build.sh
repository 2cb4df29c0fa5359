#!/usr/bin/env bash
# Builds our vcsim launcher from Debian's govmomi sources (golang-github-vmware-govmomi-dev)
# into infra/vcsim/bin/vcsim-ferry. Idempotent: does nothing when the binary is newer than
# every source file here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/bin/vcsim-ferry"
if [[ -x $bin ]] && [[ -z $(find "$here" -maxdepth 1 -name '*.go' -newer "$bin") ]]; then
  exit 0
fi
if [[ ! -d /usr/share/gocode/src/github.com/vmware/govmomi/simulator ]]; then
  echo "vcsim build: govmomi sources missing; install the Debian package golang-github-vmware-govmomi-dev" >&2
  exit 1
fi
mkdir -p "$here/bin"
cd "$here"
echo "[vcsim] building $bin"
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="${GOCACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/go-build}" \
  go build -o "$bin.tmp" .
mv "$bin.tmp" "$bin"
