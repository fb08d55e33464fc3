import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { exportDatabaseUrlForPrisma } from "./lib/config";
// Not create-client: it imports the generated client, which `prisma generate` is about to write.
import { isPostgresUrl } from "./lib/db/database-kind";
import { sqliteUrl } from "./lib/db/sqlite-url";

const url = exportDatabaseUrlForPrisma();
const postgres = isPostgresUrl(url);

// engine "js" + a driver adapter: migrate and generate never download an engine binary.
// DATABASE_URL picks the schema twin and its migrations: SQLite's, or PostgreSQL's (prisma/postgres/).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgres/migrations" : "prisma/migrations" },
  async adapter() {
    return postgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url: sqliteUrl(url) });
  },
});
