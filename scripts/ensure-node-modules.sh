#!/usr/bin/env bash
# Installs node_modules from package-lock.json when missing or older than it; a no-op otherwise.
# `npm install`, not `npm ci`: the registry this project is tested against does not serve some
# optional platform packages of jest's resolver (@unrs/resolver-binding-*), so the lock cannot
# list them and `npm ci` refuses it as out of sync; `npm install` skips missing optional packages.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.db-preflight-lock-hash
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "installing node_modules (npm install from package-lock.json)..." >&2
npm install --no-audit --no-fund >&2
# npm may refresh the lock's own metadata: stamp what is there now.
sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"
