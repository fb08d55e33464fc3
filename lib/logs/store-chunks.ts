import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { type Db, driverOf } from "../db/create-client";

/** One stored batch of consecutive lines of one task run (the LogChunk model). */
export interface ChunkRow {
  executionId: string;
  firstSeq: number;
  lastSeq: number;
  taskRunId: string | null;
  taskId: string | null;
  lines: string;
  rawStdout: number | null;
  rawStderr: number | null;
}

const COLUMNS = `"executionId", "firstSeq", "lastSeq", "taskRunId", "taskId", "lines", "rawStdout", "rawStderr", "createdAt"`;

/**
 * Stores log chunks in one transaction, straight through the client's own driver: Prisma's query
 * compiler copies every argument into its WebAssembly module, which for a 1,000,000-line log was
 * most of the server's time per line. Falls back to Prisma inside an open SQLite transaction (the
 * connection is shared) or before the client has connected.
 */
export async function storeChunks(db: Db, rows: ChunkRow[]): Promise<void> {
  if (rows.length === 0) return;
  const driver = driverOf(db);
  if (driver?.kind === "sqlite" && !driver.sqlite.inTransaction) return insertSqlite(driver.sqlite, rows);
  if (driver?.kind === "postgresql") return insertPostgres(driver.pool, rows);
  await db.logChunk.createMany({ data: rows });
}

/** The error of a chunk whose numbers another writer stored first (the primary key). */
export function isDuplicateSeq(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "P2002" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

const inserts = new WeakMap<BetterSqlite3.Database, (rows: ChunkRow[]) => void>();

function insertSqlite(sqlite: BetterSqlite3.Database, rows: ChunkRow[]): void {
  let insert = inserts.get(sqlite);
  if (!insert) {
    const statement = sqlite.prepare(`INSERT INTO "LogChunk" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    insert = sqlite.transaction((batch: ChunkRow[]) => {
      // As Prisma writes a DateTime on SQLite, so reads through Prisma parse it.
      const createdAt = new Date().toISOString().replace("Z", "+00:00");
      for (const r of batch) statement.run(r.executionId, r.firstSeq, r.lastSeq, r.taskRunId, r.taskId, r.lines, r.rawStdout, r.rawStderr, createdAt);
    });
    inserts.set(sqlite, insert);
  }
  insert(rows);
}

async function insertPostgres(pool: pg.Pool, rows: ChunkRow[]): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const at = values.length;
    values.push(r.executionId, r.firstSeq, r.lastSeq, r.taskRunId, r.taskId, r.lines, r.rawStdout, r.rawStderr);
    // timestamp(3) without a zone holds UTC, as Prisma writes it.
    return `(${Array.from({ length: 8 }, (_, i) => `$${at + i + 1}`).join(", ")}, (now() AT TIME ZONE 'UTC'))`;
  });
  await pool.query(`INSERT INTO "LogChunk" (${COLUMNS}) VALUES ${tuples.join(", ")}`, values);
}
