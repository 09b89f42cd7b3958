#!/usr/bin/env bash
# Installs node_modules exactly as package-lock.json lists them (`npm ci`) when missing or installed
# from another lock; a no-op otherwise. Run it with Node 22 first on PATH (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.db-preflight-lock-hash
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "installing node_modules (npm ci from package-lock.json)..." >&2
npm ci --no-audit --no-fund >&2
echo "$want" > "$stamp"
