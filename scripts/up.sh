#!/usr/bin/env bash
# One command to bring Osprey up on SQLite with a local Docker engine at http://localhost:3000.
# Installs what is missing (Docker engine, npm packages, default images), migrates, builds, starts.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-file:./data/osprey.db}"
export PORT="${PORT:-3000}"
# Loopback only by default: reach it from elsewhere through a TLS proxy (README, Security), or set OSPREY_BIND.
BIND="${OSPREY_BIND:-127.0.0.1}"

bash scripts/ensure-docker.sh
bash scripts/ensure-host-tools.sh
bash scripts/ensure-docker-compose.sh
bash scripts/ensure-node-deps.sh
bash scripts/ensure-images.sh
log "applying database migrations"
npx tsx scripts/migrate.ts
npx tsx scripts/create-admin.ts
if [ "${OSPREY_DEV:-0}" = "1" ]; then
  exec npx next dev -H "$BIND" -p "$PORT"
fi
log "building"
npx next build >/tmp/osprey-build.log 2>&1 || { tail -40 /tmp/osprey-build.log; exit 1; }
log "Osprey is starting at http://localhost:$PORT"
exec npx next start -H "$BIND" -p "$PORT"
