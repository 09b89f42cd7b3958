#!/usr/bin/env bash
# Every test tier, from a fresh clone, on Node.js 22 LTS: installs what the tests need (Node 22 when
# the machine's is older, node_modules, the Pulumi CLI, reachable PostgreSQL and MariaDB),
# type-checks, lints (eslint) and checks the formatting (prettier) once, then runs jest (unit,
# conformance, real database, real engine, the packaged install in a consumer project). Prints a closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*" >&2; }

step "Node.js 22"
PATH="$(bash scripts/ensure-node.sh | tail -n 1):$PATH"
export PATH
node --version >&2

step "dependencies"
bash scripts/ensure-node-modules.sh

step "databases"
bash scripts/ensure-databases.sh

step "Pulumi CLI"
PULUMI_BIN_DIR="$(bash scripts/ensure-pulumi.sh | tail -n 1)"
export PULUMI_BIN_DIR

step "type-check (npm run typecheck)"
npm run --silent typecheck

step "lint (npm run lint)"
npm run --silent lint

step "format (npm run format:check)"
npm run --silent format:check

step "jest"
results="$(mktemp -d)/jest.json"
status=0
npx --no-install jest --ci --json --outputFile="$results" "$@" || status=$?
node -e '
const r = require(process.argv[1]);
console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || true
exit "$status"
