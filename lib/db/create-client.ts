import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";
import { sqliteUrl } from "./sqlite-url";

export type Db = InstanceType<typeof PrismaClient>;

/** Milliseconds SQLite waits on a lock before giving up (readers never block the one writer in WAL mode). */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** A Prisma client for DATABASE_URL, over a driver adapter so no engine binary is needed. */
export async function createDb(url: string): Promise<Db> {
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: sqliteUrl(url), timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  // The adapter opens SQLite in rollback-journal mode; WAL lets readers (SSE, pages) run beside the log writer.
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  return client;
}
