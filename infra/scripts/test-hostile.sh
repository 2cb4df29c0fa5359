#!/usr/bin/env bash
# `npm run test:hostile`: the hostile-input suite alone (issue 22) — against one running site, a seeded
# fuzz loop over every RPC of the integrator API on one connection (random, mutated and large bodies,
# also over a slow link), hostile field values and forged or malformed authorization headers, floods of the analyzer port,
# malformed iSCSI PDUs and a connection flood against cloud-cache; then every service alive and
# answering, the appliance's RSS bounded and the event store verified. A test joins the suite by its
# file name (*hostile*); `npm test` runs these too. HOSTILE_SEED and HOSTILE_FUZZ_CALLS change the loop.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash infra/scripts/bootstrap.sh
npx jest --ci --maxWorkers=2 --forceExit --testPathPattern 'hostile[^/]*\.spec\.ts$' "$@"
