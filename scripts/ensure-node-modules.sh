#!/usr/bin/env bash
# Installs node_modules with `npm ci` when missing or older than package-lock.json; a no-op otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.db-preflight-lock-hash
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "installing node_modules (npm ci)..." >&2
npm ci --no-audit --no-fund >&2
echo "$want" > "$stamp"
