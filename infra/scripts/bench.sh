#!/usr/bin/env bash
# `npm run bench:*` and the other scripts that run one compiled entry point: set up whatever is missing
# first, as `npm test` and `npm run demo` do (Debian packages such as nbdkit's and rsync's, npm packages,
# the builds; a no-op when all is there), so a benchmark runs on a fresh machine too. Then runs the entry
# point with the arguments given after `--`. The set-up logs to standard error: a benchmark's standard
# output ends with its JSON line, for whoever reads it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [[ $# -lt 1 ]]; then
  echo "usage: bash infra/scripts/bench.sh <compiled entry point, e.g. load-tests/dist/src/bench-transfer.js> [its arguments]" >&2
  exit 2
fi
bash infra/scripts/bootstrap.sh >&2
exec node "$@"
