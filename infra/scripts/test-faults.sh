#!/usr/bin/env bash
# `npm run test:faults`: the fault suite alone — every test that kills a service (kill -9), takes NATS
# or the event store away, or crashes a transfer mid-way, and checks that each migration phase ends
# completed or failed-and-retryable with its reason. A test joins the suite by its file name
# (*fault*, *outage*, *crash*); `npm test` runs these too.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash infra/scripts/bootstrap.sh
npx jest --ci --maxWorkers=2 --forceExit --testPathPattern '(fault|outage|crash)[^/]*\.spec\.ts$' "$@"
