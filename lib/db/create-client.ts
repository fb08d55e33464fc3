import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { PrismaClient as PostgresClient } from "./generated-pg/client";
import { databaseKind, type DatabaseKind } from "./database-kind";
import { sqliteUrl } from "./sqlite-url";

/**
 * The database client. Its type is the SQLite client's: PostgreSQL's twin is generated from the same
 * models (scripts/postgres-schema.mjs), so the two have the same model API.
 */
export type Db = InstanceType<typeof PrismaClient>;

/** Milliseconds SQLite waits on a lock before giving up (readers never block the one writer in WAL mode). */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

const kinds = new WeakMap<object, DatabaseKind>();

/** Which database a client talks to, for the few queries that differ (case-insensitive search). */
export function kindOf(db: Db): DatabaseKind {
  return kinds.get(db) ?? "sqlite";
}

/** A Prisma client for DATABASE_URL (`file:` SQLite or `postgresql://`), over a driver adapter so no engine binary is needed. */
export async function createDb(url: string): Promise<Db> {
  const kind = databaseKind(url);
  const client = kind === "postgresql" ? createPostgres(url) : await createSqlite(url);
  kinds.set(client, kind);
  return client;
}

function createPostgres(url: string): Db {
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
}

async function createSqlite(url: string): Promise<Db> {
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: sqliteUrl(url), timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  // The adapter opens SQLite in rollback-journal mode; WAL lets readers (SSE, pages) run beside the log writer.
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  return client;
}
