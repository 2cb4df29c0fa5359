#!/usr/bin/env bash
# `npm test`: set up whatever is missing, then check generated code, lint, type-check and
# run every test tier (unit, integration against real components, end to end).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash infra/scripts/bootstrap.sh
bash infra/scripts/gen-proto.sh --check
npx eslint --max-warnings=0 .
npx jest --ci --maxWorkers=2 --forceExit "$@"
