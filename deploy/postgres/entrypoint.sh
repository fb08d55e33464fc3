#!/usr/bin/env bash
# Starts as root to read the password file (owned by the Osprey user in the secrets volume), makes
# the cluster on first start, then runs PostgreSQL as the postgres user.
set -euo pipefail
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

chown postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD_FILE:-}" ] && [ -s "$POSTGRES_PASSWORD_FILE" ] \
    || { echo "[postgres] set POSTGRES_PASSWORD_FILE to a file holding the osprey role's password" >&2; exit 1; }
  password=$(tr -d '\n' <"$POSTGRES_PASSWORD_FILE")
  case "$password" in *"'"* | *"\\"*) echo "[postgres] the password may not hold ' or \\" >&2; exit 1 ;; esac
  echo "[postgres] first start: making the cluster and the osprey database" >&2
  # Local connections as the postgres user only; from the network, the osprey role with its password.
  as_postgres initdb -D "$PGDATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  # Single-user mode: the role and database exist before the server first listens.
  printf "CREATE ROLE osprey LOGIN PASSWORD '%s';\n" "$password" | as_postgres postgres --single -D "$PGDATA" postgres >/dev/null
  echo "CREATE DATABASE osprey OWNER osprey;" | as_postgres postgres --single -D "$PGDATA" postgres >/dev/null
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*' "$@"
