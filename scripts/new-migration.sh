#!/usr/bin/env bash
# Writes prisma/migrations/NNNN_<name>/migration.sql from the schema change since git HEAD.
# (`prisma migrate dev` needs a shadow database the JS engine cannot make; `migrate diff` between
# the committed schema and the working one gives the same SQL.)
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/new-migration.sh <name>}"
n=$(printf '%04d' $(( $(ls -d prisma/migrations/[0-9]*/ | wc -l) + 1 )))
dir="prisma/migrations/${n}_${name}"
old=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$old"
mkdir -p "$dir"
npx prisma migrate diff --from-schema-datamodel "$old" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
rm -f "$old"
log "wrote $dir/migration.sql"
