#!/usr/bin/env bash
# `npm run test:faults`: the fault suite alone — every test that kills a service (kill -9), pauses one
# (SIGSTOP), takes NATS or the event store away, fills a datastore or crashes a transfer mid-way, and
# checks that each migration phase ends completed or failed-and-retryable with its reason. A test
# joins the suite by its file name (*fault*, *outage*, *crash*, *failover*); `npm test` runs these too, with the
# shorter outages. Here the outages are the issue's full lengths (FERRY_FAULT_FULL=1: NATS gone for
# 90 s, managers paused for 30 s), and each injected fault adds a row to the table printed at the end
# (what happened, completed or not, identical, audit intact, duplicates, recovery time), JSON line last.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash infra/scripts/bootstrap.sh || exit 1
rows="$(mktemp -t ferry-fault-rows.XXXXXX)"
trap 'rm -f "$rows"' EXIT
FERRY_FAULT_REPORT="$rows" FERRY_FAULT_FULL="${FERRY_FAULT_FULL:-1}" \
  npx jest --ci --maxWorkers=2 --forceExit --testPathPattern '(fault|outage|crash|failover)[^/]*\.spec\.ts$' "$@"
jest_exit=$?
node packages/testing/dist/src/bin/fault-table.js "$rows" "$jest_exit"
