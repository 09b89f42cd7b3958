#!/usr/bin/env bash
# Runs a command with Node.js 22 (scripts/ensure-node.sh) first on PATH, so `node`, `npm`, `npx`
# and every child (jest workers, the Pulumi language host) run on the tested runtime:
#     bash scripts/with-node.sh node scripts/demo.js
set -euo pipefail
node_bin="$(bash "$(dirname "$0")/ensure-node.sh" | tail -n 1)"
export PATH="$node_bin:$PATH"
exec "$@"
