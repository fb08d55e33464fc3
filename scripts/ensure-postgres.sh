#!/usr/bin/env bash
# Starts (once) a throwaway PostgreSQL 15 cluster for the tests: Debian's `postgresql`, installed when
# missing, no systemd. Prints OSPREY_TEST_POSTGRES_URL=… (the `postgres` database, trust auth on
# loopback) for the caller; an already running cluster is reused.
source "$(dirname "$0")/lib.sh"
PG_DIR="${OSPREY_TEST_PG_DIR:-/tmp/osprey-test-pg}"
PG_PORT="${OSPREY_TEST_PG_PORT:-55432}"
apt_install postgresql
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
url="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"

if [ -f "$PG_DIR/data/postmaster.pid" ] && su postgres -c "$BIN/pg_ctl -D $PG_DIR/data status" >/dev/null 2>&1; then
  echo "OSPREY_TEST_POSTGRES_URL=$url"
  exit 0
fi
if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
  rm -rf "$PG_DIR" && mkdir -p "$PG_DIR" && chown postgres: "$PG_DIR"
  # initdb refuses root: the cluster belongs to the postgres user.
  su postgres -c "$BIN/initdb -D $PG_DIR/data -U postgres --auth=trust" >/dev/null
  # Tests make a database per test file: room for many connections, no durability needed.
  cat >> "$PG_DIR/data/postgresql.conf" <<CONF
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
log "starting PostgreSQL on 127.0.0.1:$PG_PORT ($PG_DIR)"
su postgres -c "$BIN/pg_ctl -D $PG_DIR/data -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1' -l $PG_DIR/log -w start" >/dev/null
echo "OSPREY_TEST_POSTGRES_URL=$url"
