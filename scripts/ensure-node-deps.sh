#!/usr/bin/env bash
# npm ci when node_modules is missing or older than the lock file; generates the Prisma client.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund >/dev/null
fi
[ -f lib/db/generated/client.ts ] || npx prisma generate >/dev/null
