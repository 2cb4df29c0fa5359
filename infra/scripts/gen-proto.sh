#!/usr/bin/env bash
# The one script that turns proto/ferry/**/*.proto into packages/proto/generated:
#   ferry.js    protobufjs static module (runtime codecs)
#   ferry.d.ts  its TypeScript types (pbts)
#   ferry.json  the descriptor bundle (service definitions for gRPC)
# With --check it regenerates into a temporary folder and fails when the committed code is stale.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
out=packages/proto/generated
check=false; [[ ${1:-} == --check ]] && check=true
mapfile -t protos < <(find proto -name '*.proto' | LC_ALL=C sort)
if ((${#protos[@]} == 0)); then echo "gen-proto: no .proto files under proto/" >&2; exit 1; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
npx pbjs -t static-module -w commonjs --no-beautify -p proto -o "$tmp/ferry.js" "${protos[@]}"
npx pbts --no-comments -o "$tmp/ferry.d.ts" "$tmp/ferry.js"
npx pbjs -t json -p proto -o "$tmp/ferry.json" "${protos[@]}"
if $check; then
  if ! diff -rq "$tmp" "$out" >/dev/null 2>&1; then
    echo "gen-proto: packages/proto/generated is stale; run 'npm run gen:proto' and commit the result" >&2
    diff -rq "$tmp" "$out" >&2 || true
    exit 1
  fi
  echo "gen-proto: generated code is current"
else
  mkdir -p "$out"; cp "$tmp"/ferry.* "$out"/
  echo "gen-proto: wrote $out (${#protos[@]} proto files)"
fi
