#!/usr/bin/env bash
# Starts a throwaway Citus cluster on loopback — a coordinator and two workers, each its own
# PostgreSQL 15 server owned by the postgres user — registers the workers with the coordinator,
# and prints the coordinator's URL as its last line.
#
# Citus is not in Debian's archive: when the extension is missing, ../shared/citus/install.sh
# (or $CITUS_INSTALL) builds it from the vendored source (2-3 minutes, once per machine). Real
# deployments install Citus Data's packages instead.
#
#   CITUS_PORT (default 55600): the coordinator's port; the workers take the next two.
#   CITUS_ROOT (default /tmp/rateline-citus): where the three clusters live (wiped on start).
#   bash .ci/citus.sh stop: stops them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BIN=/usr/lib/postgresql/15/bin
PORT="${CITUS_PORT:-55600}"
ROOT="${CITUS_ROOT:-/tmp/rateline-citus}"
NODES="coordinator:$PORT worker1:$((PORT + 1)) worker2:$((PORT + 2))"

as_postgres() { su postgres -s /bin/sh -c "$1"; }

stop_all() {
  for node in $NODES; do
    name=${node%%:*}
    if [ -f "$ROOT/$name/postmaster.pid" ]; then as_postgres "$BIN/pg_ctl -D $ROOT/$name -m fast stop" >/dev/null 2>&1 || true; fi
  done
}

if [ "${1:-}" = "stop" ]; then
  stop_all
  exit 0
fi

if ! [ -x "$BIN/initdb" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
if ! [ -f /usr/lib/postgresql/15/lib/citus.so ]; then
  install="${CITUS_INSTALL:-$here/../../shared/citus/install.sh}"
  if ! [ -f "$install" ]; then
    echo "Citus is not installed and $install is missing: install Citus 13 for PostgreSQL 15 (Citus Data's packages), or set CITUS_INSTALL." >&2
    exit 1
  fi
  bash "$install" >&2
fi
id postgres >/dev/null 2>&1 || useradd --system --home-dir "$ROOT" postgres

stop_all
rm -rf "$ROOT" && mkdir -p "$ROOT/sock" && chown -R postgres "$ROOT"
for node in $NODES; do
  name=${node%%:*}
  port=${node##*:}
  as_postgres "$BIN/initdb -D $ROOT/$name --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8" >/dev/null
  as_postgres "$BIN/pg_ctl -D $ROOT/$name -l $ROOT/$name.log -w -o \"-c listen_addresses=127.0.0.1 -p $port -k $ROOT/sock -c shared_preload_libraries=citus -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
  as_postgres "$BIN/psql -h 127.0.0.1 -p $port -U postgres -d postgres -qAtc 'CREATE EXTENSION IF NOT EXISTS citus'" >/dev/null
done
sql() { as_postgres "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -d postgres -qAtc \"$1\""; }
sql "SELECT citus_set_coordinator_host('127.0.0.1', $PORT)" >/dev/null
sql "SELECT citus_add_node('127.0.0.1', $((PORT + 1)))" >/dev/null
sql "SELECT citus_add_node('127.0.0.1', $((PORT + 2)))" >/dev/null
workers=$(sql "SELECT count(*) FROM citus_get_active_worker_nodes()")
if [ "$workers" != "2" ]; then
  echo "The coordinator sees $workers active workers, not 2 (logs in $ROOT)." >&2
  exit 1
fi
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
