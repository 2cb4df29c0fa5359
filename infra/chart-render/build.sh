#!/usr/bin/env bash
# Builds our Helm-compatible chart renderer from Debian's Go sources (golang-go,
# golang-github-masterminds-sprig-dev, golang-gopkg-yaml.v3-dev) into infra/chart-render/bin/chart-render
# and prints its path. Idempotent like infra/vcsim/build.sh: a hash of every .go file here, this
# script and the Go version is kept next to the binary, so an edited source rebuilds it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/bin/chart-render"
key_file="$bin.key"
key="$( (cd "$here" && for f in $(ls ./*.go | sort); do echo "$f"; cat "$f"; done; cat "$here/build.sh"; go version) | sha256sum | cut -d' ' -f1)"
if [[ -x $bin ]] && [[ -f $key_file ]] && [[ $(cat "$key_file") == "$key" ]]; then
  echo "$bin"
  exit 0
fi
gocode=/usr/share/gocode/src
for dir in github.com/Masterminds/sprig gopkg.in/yaml.v3; do
  if [[ ! -d $gocode/$dir ]]; then
    echo "chart-render build: $gocode/$dir missing; install the Debian packages golang-github-masterminds-sprig-dev and golang-gopkg-yaml.v3-dev (listed in infra/debian-packages.txt; npm run bootstrap installs them)" >&2
    exit 1
  fi
done
mkdir -p "$here/bin"
# Debian installs sprig v3 and semver v3 without their /v3 suffix; GOPATH mode resolves the
# import paths through this overlay of symlinks in front of /usr/share/gocode.
overlay="$here/bin/gopath"
mkdir -p "$overlay/src/github.com/Masterminds/sprig" "$overlay/src/github.com/Masterminds/semver"
ln -sfn "$gocode/github.com/Masterminds/sprig" "$overlay/src/github.com/Masterminds/sprig/v3"
ln -sfn "$gocode/github.com/Masterminds/semver" "$overlay/src/github.com/Masterminds/semver/v3"
cd "$here"
echo "[chart-render] building $bin" >&2
GO111MODULE=off GOPATH="$overlay:/usr/share/gocode" GOCACHE="${GOCACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/go-build}" \
  go build -o "$bin.tmp.$$" .
mv "$bin.tmp.$$" "$bin"
echo "$key" > "$key_file"
echo "$bin"
