#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server on loopback for the tests and prints its URL.
# PostgreSQL refuses to run as root, so the cluster belongs to the postgres user.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
PGPORT="${PGPORT:-55432}"
PGROOT="${PGROOT:-/tmp/rateline-pg}"
if ! [ -x "$BIN/initdb" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PGROOT" postgres
if [ -f "$PGROOT/data/postmaster.pid" ]; then
  su postgres -s /bin/sh -c "$BIN/pg_ctl -D $PGROOT/data -m fast stop" >/dev/null 2>&1 || true
fi
rm -rf "$PGROOT" && mkdir -p "$PGROOT/sock" && chown -R postgres "$PGROOT"
su postgres -s /bin/sh -c "$BIN/initdb -D $PGROOT/data --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8" >/dev/null
su postgres -s /bin/sh -c "$BIN/pg_ctl -D $PGROOT/data -l $PGROOT/log -w -o \"-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT/sock -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
echo "postgresql://postgres@127.0.0.1:$PGPORT/postgres"
