#!/usr/bin/env bash
# Starts the built app on a fresh SQLite database for the Playwright run (needs `next build` first).
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
PORT="${1:-3100}"
DIR=$(mktemp -d /tmp/osprey-e2e.XXXXXX)
export DATABASE_URL="file:$DIR/osprey.db"
export OSPREY_SECRET_KEY_FILE="$DIR/secret.key"
export NEXT_TELEMETRY_DISABLED=1
export OSPREY_AUTH_SECRET_FILE="$DIR/auth.secret"
npx tsx scripts/migrate.ts
npx tsx scripts/create-admin.ts
exec npx next start -H 127.0.0.1 -p "$PORT"
