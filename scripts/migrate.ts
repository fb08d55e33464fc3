// Brings DATABASE_URL's database to the latest schema: `prisma migrate deploy` for SQLite, the
// PostgreSQL migrator (lib/db/migrate-postgres.ts) for PostgreSQL. npm run db:migrate runs this.
import { execFileSync } from "node:child_process";
import { exportDatabaseUrlForPrisma } from "../lib/config";
import { isPostgresUrl } from "../lib/db/database-kind";
import { migratePostgres } from "../lib/db/migrate-postgres";

const url = exportDatabaseUrlForPrisma();
if (isPostgresUrl(url)) {
  const applied = await migratePostgres(url);
  if (applied.length) console.error(`[osprey] applied ${applied.join(", ")}`);
} else {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"] });
}
