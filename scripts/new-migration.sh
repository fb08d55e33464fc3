#!/usr/bin/env bash
# Writes the migration for the schema change since git HEAD, for both databases:
# prisma/migrations/NNNN_<name>/ (SQLite) and prisma/postgres/migrations/NNNN_<name>/ (PostgreSQL,
# from the twin schema that scripts/postgres-schema.mjs generates).
# (`prisma migrate dev` needs a shadow database the JS engine cannot make; `migrate diff` between
# the committed schema and the working one gives the same SQL.)
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
# BASE=<rev> diffs against another commit; POSTGRES_ONLY=NNNN_name writes just PostgreSQL's twin of
# an existing SQLite migration (one merged from a branch that predates PostgreSQL).
name="${1:?usage: scripts/new-migration.sh <name>}"
old=$(mktemp -d)
git show "${BASE:-HEAD}":prisma/schema.prisma > "$old/schema.prisma"
if [ -n "${POSTGRES_ONLY:-}" ]; then
  n="${POSTGRES_ONLY%%_*}"
else
  # One past the highest number (not the count: merged branches may leave gaps).
  n=$(printf '%04d' $(( 10#$(ls -d prisma/migrations/[0-9]*/ | sed 's|.*/\([0-9]*\)_.*|\1|' | sort -n | tail -1) + 1 )))
  dir="prisma/migrations/${n}_${name}"
  mkdir -p "$dir"
  npx prisma migrate diff --from-schema-datamodel "$old/schema.prisma" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
  log "wrote $dir/migration.sql"
fi

# PostgreSQL: the twin of HEAD's schema against the twin of the working one. The Prisma CLI opens
# the configured adapter even for a diff between two files, so it needs the test server.
pg_url=$(bash scripts/ensure-postgres.sh | sed -n 's/^OSPREY_TEST_POSTGRES_URL=//p')
node scripts/postgres-schema.mjs
(cd "$old" && mkdir -p prisma && mv schema.prisma prisma/ && node "$OLDPWD/scripts/postgres-schema.mjs")
pg_dir="prisma/postgres/migrations/${n}_${name}"
mkdir -p "$pg_dir"
DATABASE_URL="$pg_url" npx prisma migrate diff --from-schema-datamodel "$old/prisma/postgres/schema.prisma" --to-schema-datamodel prisma/postgres/schema.prisma --script > "$pg_dir/migration.sql"
rm -rf "$old"
log "wrote $pg_dir/migration.sql"
