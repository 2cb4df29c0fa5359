#!/usr/bin/env bash
# Builds our vcsim launcher from Debian's govmomi sources (golang-github-vmware-govmomi-dev)
# into infra/vcsim/bin/vcsim-ferry. Idempotent: does nothing when the binary was built from
# exactly these sources (a hash of every .go file here, this script and the Go version is kept
# next to it), so an edited, added or removed source file rebuilds it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/bin/vcsim-ferry"
key_file="$bin.key"
key="$( (cd "$here" && for f in $(ls ./*.go | sort); do echo "$f"; cat "$f"; done; cat "$here/build.sh"; go version) | sha256sum | cut -d' ' -f1)"
if [[ -x $bin ]] && [[ -f $key_file ]] && [[ $(cat "$key_file") == "$key" ]]; then
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
echo "$key" > "$key_file"
