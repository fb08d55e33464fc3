// Writes prisma/postgres/schema.prisma, PostgreSQL's twin of prisma/schema.prisma: the same models,
// another provider and client folder. One source of models; run by postinstall and new-migration.sh.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const source = readFileSync("prisma/schema.prisma", "utf8");
const twin = source
  .replace(
    /^\/\/ SQLite schema.*$/m,
    "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: edit that file, not this one.",
  )
  .replace(/output\s*=\s*"\.\.\/lib\/db\/generated"/, 'output     = "../../lib/db/generated-pg"')
  .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
if (twin === source || !twin.includes("generated-pg") || !twin.includes('"postgresql"')) {
  throw new Error("prisma/schema.prisma no longer has the generator output or sqlite provider this script rewrites");
}
mkdirSync("prisma/postgres", { recursive: true });
writeFileSync("prisma/postgres/schema.prisma", twin);
