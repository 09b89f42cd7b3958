#!/usr/bin/env bash
# ensure-node.sh — provide Node.js 22 LTS, the runtime db-preflight is tested on (@pulumi/pulumi
# 3.259 and commander 15 need Node >= 22; the Lambdas run on nodejs22.x).
#
# Prints, as the LAST line of stdout, the absolute path of a directory holding a `node` (and `npm`,
# `npx`) of major version >= 22. Progress goes to stderr. Typical use:
#     PATH="$(bash scripts/ensure-node.sh | tail -n 1):$PATH"
#
# Where it comes from, first match wins:
#   1. the `node` on PATH, when it is already >= 22;
#   2. a cached install under ${DB_PREFLIGHT_CACHE:-~/.cache/db-preflight}/node-v<version>/;
#   3. the npm registry's `node@<version>` package (a binary package: its preinstall fetches the
#      platform's node-<os>-<arch> package from the same registry), installed into that cache once.
# Idempotent: a finished install is stamped, later runs touch no network. A flock keeps concurrent
# callers (parallel test runs) from installing twice.
set -euo pipefail

NODE_VERSION=22.23.3
WANT_MAJOR=22

log() { printf 'ensure-node: %s\n' "$*" >&2; }
major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if current=$(command -v node 2>/dev/null) && [[ "$(major_of "$current")" -ge $WANT_MAJOR ]]; then
  dirname "$current"
  exit 0
fi

cache_root=${DB_PREFLIGHT_CACHE:-$HOME/.cache/db-preflight}
prefix="$cache_root/node-v$NODE_VERSION"
bin="$prefix/node_modules/node/bin"
stamp="$prefix/.installed"

installed() { [[ -f "$stamp" && -x "$bin/node" && "$(major_of "$bin/node")" -ge $WANT_MAJOR ]]; }

if ! installed; then
  mkdir -p "$prefix"
  exec 9>"$prefix/.lock"
  flock 9
  if ! installed; then
    log "node $(node --version 2>/dev/null || echo none) is older than $WANT_MAJOR: installing node@$NODE_VERSION from the npm registry into $prefix (once)..."
    rm -rf "$prefix/node_modules" "$prefix/package.json" "$prefix/package-lock.json"
    echo '{"private": true}' > "$prefix/package.json"
    # The package's preinstall runs with the machine's node and fetches node-<os>-<arch>@$NODE_VERSION.
    (cd "$prefix" && npm install --no-audit --no-fund --no-save "node@$NODE_VERSION" >&2)
    if [[ ! -x "$bin/node" ]]; then
      # An npm that does not run install scripts: take the platform package the preinstall would have.
      os=$(uname -s | tr '[:upper:]' '[:lower:]')
      case "$(uname -m)" in x86_64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
      log "node@$NODE_VERSION's preinstall did not run: installing node-$os-$arch@$NODE_VERSION"
      (cd "$prefix" && npm install --no-audit --no-fund --no-save "node@$NODE_VERSION" "node-$os-$arch@$NODE_VERSION" >&2)
      mkdir -p "$bin"
      ln -sf "$prefix/node_modules/node-$os-$arch/bin/node" "$bin/node"
    fi
    [[ "$("$bin/node" --version)" == "v$NODE_VERSION" ]] || { log "error: $bin/node is not v$NODE_VERSION"; exit 1; }
    # npm and npx run on this node when they come first on PATH (they are scripts with `#!/usr/bin/env node`).
    for tool in npm npx; do
      if [[ ! -e "$bin/$tool" ]] && real=$(command -v "$tool"); then ln -sf "$(readlink -f "$real")" "$bin/$tool"; fi
    done
    touch "$stamp"
  fi
fi
printf '%s\n' "$bin"
