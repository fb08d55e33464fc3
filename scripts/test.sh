#!/usr/bin/env bash
# The one test command (npm test): sets up what the tests need, then runs every tier:
# typecheck, format and lint, the state-literal and import rules, unit and integration tests (real Docker, real SQLite,
# and the services plugin tests start: MariaDB, an SMTP server, package indexes), the
# integration tests again on a real PostgreSQL, a production build, and Playwright e2e in real Chromium against `next start`
# (with two web servers and worker processes on two Docker engines among them).
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
REPORTS=$(mktemp -d /tmp/osprey-test-reports.XXXXXX)

bash scripts/ensure-docker.sh
bash scripts/ensure-host-tools.sh
bash scripts/ensure-docker-compose.sh
bash scripts/ensure-node-deps.sh
bash scripts/ensure-images.sh
bash scripts/ensure-chromium.sh
POSTGRES_URL=$(bash scripts/ensure-postgres.sh | sed -n 's/^OSPREY_TEST_POSTGRES_URL=//p')
# MariaDB for the SQL plugin's MySQL tests (they start it themselves too; here the first install is out of a test's time).
bash scripts/ensure-mariadb.sh >/dev/null
# A second Docker engine (its own network namespace) for the workers-on-two-engines e2e.
bash scripts/ensure-second-engine.sh >/dev/null

status=0
step() {
  log "── $1"
  shift
  "$@" || { log "FAILED: $*"; status=1; }
}

step "typecheck" npx tsc --noEmit
step "format and lint (Biome)" npx biome ci . --reporter=summary
step "state literals" npx tsx scripts/lint-state-literals.ts
step "import rules (no cycles, nothing upward)" npx depcruise app components lib --config .dependency-cruiser.cjs --output-type err
step "unit and integration tests" npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json"
# The PostgreSQL pass leaves out files whose subject is a container, a service or a format (scripts/postgres-pass-skip.txt).
mapfile -t PG_SKIP < <(grep -v '^\s*\(#\|$\)' scripts/postgres-pass-skip.txt | sed 's/^/--exclude=/')
step "integration tests on PostgreSQL" env OSPREY_TEST_POSTGRES_URL="$POSTGRES_URL" npx vitest run --project integration "${PG_SKIP[@]}" --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest-postgres.json"
step "production build" bash -c 'npx next build >/tmp/osprey-test-build.log 2>&1 || { tail -40 /tmp/osprey-test-build.log; exit 1; }'
if [ -d .next ] && [ -f .next/BUILD_ID ]; then
  step "e2e (Chromium)" env PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright.json" npx playwright test --reporter=list,json
  # Osprey's image, made from the build above (scripts/image.sh), run with docker run and as the compose deployment.
  step "deploy: the image and the compose deployment" env OSPREY_TEST_DEPLOY=1 OSPREY_IMAGE_NEXT_BUILD=.next \
    npx vitest run --project integration lib/deploy --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest-deploy.json"
fi

node scripts/test-summary.mjs "$REPORTS/vitest.json" "$REPORTS/playwright.json" "$REPORTS/vitest-postgres.json" "$REPORTS/vitest-deploy.json" || status=1
rm -rf "$REPORTS"
exit $status
