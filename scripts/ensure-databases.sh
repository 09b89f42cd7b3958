#!/usr/bin/env bash
# Makes sure the local PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306) servers the
# real-database tests use are up: starts a stopped one with this machine's own commands, waits up to
# 30 s, and exits non-zero with one line naming the server that stays down. Quiet when both are up.
# DBP_PG_PORT, DBP_MARIADB_PORT and DBP_DB_WAIT_SECONDS override the defaults (its own test uses them).
set -uo pipefail

PG_HOST=127.0.0.1 PG_PORT="${DBP_PG_PORT:-5432}"
MARIADB_HOST=127.0.0.1 MARIADB_PORT="${DBP_MARIADB_PORT:-3306}"
WAIT_SECONDS="${DBP_DB_WAIT_SECONDS:-30}"

# A TCP connect with a 2 s limit, for machines without the client tools.
tcp_open() {
  node -e 'const s=require("net").connect(+process.argv[2],process.argv[1]);s.setTimeout(2000,()=>process.exit(1));s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));' "$1" "$2" 2>/dev/null
}

pg_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    tcp_open "$PG_HOST" "$PG_PORT"
  fi
}

mariadb_up() {
  local admin
  admin="$(command -v mariadb-admin || command -v mysqladmin || true)"
  if [ -n "$admin" ]; then
    "$admin" --host="$MARIADB_HOST" --port="$MARIADB_PORT" --user=root --connect-timeout=2 ping >/dev/null 2>&1
  else
    tcp_open "$MARIADB_HOST" "$MARIADB_PORT"
  fi
}

start_pg() {
  local version
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$version" ] && command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1
}

start_mariadb() {
  [ -x /usr/sbin/mariadbd ] && command -v start-stop-daemon >/dev/null 2>&1 || return 1
  # systemd would create the socket directory; without it mariadbd exits at once.
  if [ ! -d /run/mysqld ]; then
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null
  fi
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1
}

# ensure <name> <check> <start> <where>
ensure() {
  local name="$1" check="$2" start="$3" where="$4"
  "$check" && return 0
  echo "$name is not answering at $where; starting it..." >&2
  "$start" || true
  local waited=0
  while [ "$waited" -lt "$WAIT_SECONDS" ]; do
    "$check" && { echo "$name is up." >&2; return 0; }
    sleep 1
    waited=$((waited + 1))
  done
  echo "ensure-databases: $name is still down at $where after ${WAIT_SECONDS}s (tried: $start); start it by hand and re-run" >&2
  return 1
}

status=0
ensure PostgreSQL pg_up start_pg "$PG_HOST:$PG_PORT" || status=1
ensure MariaDB mariadb_up start_mariadb "$MARIADB_HOST:$MARIADB_PORT" || status=1
exit "$status"
