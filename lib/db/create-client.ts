import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
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

/** The driver under a client: a better-sqlite3 connection, or a pg pool. */
export type Driver = { kind: "sqlite"; sqlite: BetterSqlite3.Database } | { kind: "postgresql"; pool: pg.Pool };

const drivers = new WeakMap<object, { current?: Driver }>();

/**
 * The driver under a client once it has connected (its first query), for the one hot path that
 * skips Prisma's query compiler: storing log chunks (lib/logs/store-chunks.ts). The same
 * connection (SQLite) or pool (PostgreSQL), so it shares the client's locks and limits.
 */
export function driverOf(db: Db): Driver | undefined {
  return drivers.get(db)?.current;
}

type AdapterFactory = { provider: string; adapterName: string; connect(): Promise<unknown> };

/** Wraps an adapter factory to keep hold of the driver of the adapter it connects. */
function capturing<F extends AdapterFactory>(
  factory: F,
  holder: { current?: Driver },
  take: (adapter: unknown) => Driver,
): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    holder.current = take(adapter);
    return adapter;
  };
  return factory;
}

/** A client made from another (a Prisma extension) answers kindOf and driverOf as that one does. */
export function sameDatabaseAs(extended: Db, base: Db): Db {
  kinds.set(extended, kindOf(base));
  const holder = drivers.get(base);
  if (holder) drivers.set(extended, holder);
  return extended;
}

/** A Prisma client for DATABASE_URL (`file:` SQLite or `postgresql://`), over a driver adapter so no engine binary is needed. */
export async function createDb(url: string): Promise<Db> {
  const kind = databaseKind(url);
  const client = kind === "postgresql" ? createPostgres(url) : await createSqlite(url);
  kinds.set(client, kind);
  return client;
}

function createPostgres(url: string): Db {
  const holder: { current?: Driver } = {};
  const adapter = capturing(new PrismaPg({ connectionString: url }), holder, (a) => ({
    kind: "postgresql",
    pool: (a as { underlyingDriver(): pg.Pool }).underlyingDriver(),
  }));
  const client = new PostgresClient({ adapter }) as unknown as Db;
  drivers.set(client, holder);
  return client;
}

async function createSqlite(url: string): Promise<Db> {
  const holder: { current?: Driver } = {};
  const adapter = capturing(
    new PrismaBetterSQLite3({ url: sqliteUrl(url), timeout: SQLITE_BUSY_TIMEOUT_MS }),
    holder,
    (a) => ({ kind: "sqlite", sqlite: (a as { client: BetterSqlite3.Database }).client }),
  );
  const client = new PrismaClient({ adapter });
  drivers.set(client, holder);
  // The adapter opens SQLite in rollback-journal mode; WAL lets readers (SSE, pages) run beside the log writer.
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  return client;
}
