import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { exportDatabaseUrlForPrisma } from "./lib/config";
// Not create-client: it imports the generated client, which `prisma generate` is about to write.
import { sqliteUrl } from "./lib/db/sqlite-url";

const url = exportDatabaseUrlForPrisma();

// engine "js" + a driver adapter: migrate and generate never download an engine binary.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new PrismaBetterSQLite3({ url: sqliteUrl(url) });
  },
});
