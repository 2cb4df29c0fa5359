#!/usr/bin/env bash
# `npm test`: set up whatever is missing, then check generated code, lint, type-check and
# run every test tier (unit, integration against real components, end to end).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash infra/scripts/bootstrap.sh
bash infra/scripts/gen-proto.sh --check
npx eslint --max-warnings=0 .
# Suites named *.solo.*.spec.ts compare durations the product predicts with ones it measures: they run
# after the others, one at a time, so another suite's qemu boot does not share their two cores.
FERRY_SOLO_SUITES=skip npx jest --ci --maxWorkers=2 --forceExit "$@"
FERRY_SOLO_SUITES=only npx jest --ci --runInBand --forceExit --passWithNoTests "$@"
