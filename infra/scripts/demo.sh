#!/usr/bin/env bash
# `npm run demo`: set up whatever is missing (Debian packages, npm packages, vcsim, builds), then start
# NATS, both vCenters and all seven services on loopback, show each one healthy, and stop them all.
# Exit code 0 only when everything was healthy and stopped cleanly.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash infra/scripts/bootstrap.sh
exec node packages/demo/dist/src/main.js "$@"
