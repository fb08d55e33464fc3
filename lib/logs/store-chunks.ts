import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { type Db, driverOf } from "../db/create-client";
import { inPgTransaction } from "../db/pg-transaction";

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
 *
 * With `holder` (the process that holds the task runs it writes for), a chunk of a task run that
 * another holder took over meanwhile is not stored (a fence: a process frozen past its lease and
 * woken again writes nothing over its successor); their task run ids are returned.
 */
export async function storeChunks(db: Db, rows: ChunkRow[], holder?: string): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const driver = driverOf(db);
  if (driver?.kind === "sqlite" && !driver.sqlite.inTransaction) return insertSqlite(driver.sqlite, rows, holder);
  if (driver?.kind === "postgresql") return insertPostgres(driver.pool, rows, holder);
  const refused = holder ? await heldElsewhere(db, rows, holder) : new Set<string>();
  await db.logChunk.createMany({ data: rows.filter((r) => !r.taskRunId || !refused.has(r.taskRunId)) });
  return refused;
}

/** The error of a chunk whose numbers another writer stored first (the primary key). */
export function isDuplicateSeq(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "P2002" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/** Whether `row` is stored already, as is (a write whose answer was lost in an outage). */
export async function isStored(db: Db, row: ChunkRow): Promise<boolean> {
  const stored = await db.logChunk.findUnique({
    where: { executionId_firstSeq: { executionId: row.executionId, firstSeq: row.firstSeq } },
    select: { lastSeq: true, lines: true, taskRunId: true },
  });
  return (
    stored !== null &&
    stored.lastSeq === row.lastSeq &&
    stored.taskRunId === row.taskRunId &&
    stored.lines === row.lines
  );
}

async function heldElsewhere(db: Db, rows: ChunkRow[], holder: string): Promise<Set<string>> {
  const ids = [...new Set(rows.map((r) => r.taskRunId).filter((id): id is string => id !== null))];
  const taken = await db.taskRun.findMany({
    where: { id: { in: ids }, workerId: { not: null } },
    select: { id: true, workerId: true },
  });
  return new Set(taken.filter((t) => t.workerId !== holder).map((t) => t.id));
}

const inserts = new WeakMap<
  BetterSqlite3.Database,
  { plain: (rows: ChunkRow[]) => Set<string>; fenced: (rows: ChunkRow[], holder: string) => Set<string> }
>();

function insertSqlite(sqlite: BetterSqlite3.Database, rows: ChunkRow[], holder?: string): Set<string> {
  let insert = inserts.get(sqlite);
  if (!insert) {
    const plain = sqlite.prepare(`INSERT INTO "LogChunk" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // One statement: SQLite has one writer at a time, so no claim can come between the check and the insert.
    const fenced = sqlite.prepare(
      `INSERT INTO "LogChunk" (${COLUMNS}) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "TaskRun" WHERE "id" = ? AND "workerId" IS NOT NULL AND "workerId" <> ?)`,
    );
    // As Prisma writes a DateTime on SQLite, so reads through Prisma parse it.
    const now = () => new Date().toISOString().replace("Z", "+00:00");
    insert = {
      plain: sqlite.transaction((batch: ChunkRow[]) => {
        const createdAt = now();
        for (const r of batch)
          plain.run(
            r.executionId,
            r.firstSeq,
            r.lastSeq,
            r.taskRunId,
            r.taskId,
            r.lines,
            r.rawStdout,
            r.rawStderr,
            createdAt,
          );
        return new Set<string>();
      }),
      fenced: sqlite.transaction((batch: ChunkRow[], by: string) => {
        const createdAt = now();
        const refused = new Set<string>();
        for (const r of batch) {
          const { changes } = fenced.run(
            r.executionId,
            r.firstSeq,
            r.lastSeq,
            r.taskRunId,
            r.taskId,
            r.lines,
            r.rawStdout,
            r.rawStderr,
            createdAt,
            r.taskRunId,
            by,
          );
          if (changes === 0 && r.taskRunId) refused.add(r.taskRunId);
        }
        return refused;
      }),
    };
    inserts.set(sqlite, insert);
  }
  return holder ? insert.fenced(rows, holder) : insert.plain(rows);
}

async function insertPostgres(pool: pg.Pool, rows: ChunkRow[], holder?: string): Promise<Set<string>> {
  if (!holder) {
    const statement = insertStatement(rows);
    await pool.query(statement.text, statement.values);
    return new Set();
  }
  // FOR SHARE holds off a takeover's claim of these task runs until the chunks are in: the new
  // holder then reads how far the log got with these lines counted.
  return inPgTransaction(pool, async (client) => {
    const ids = [...new Set(rows.map((r) => r.taskRunId).filter((id): id is string => id !== null))];
    const held = ids.length
      ? await client.query<{ id: string; workerId: string | null }>(
          `SELECT "id", "workerId" FROM "TaskRun" WHERE "id" = ANY($1) FOR SHARE`,
          [ids],
        )
      : { rows: [] };
    const refused = new Set(held.rows.filter((r) => r.workerId !== null && r.workerId !== holder).map((r) => r.id));
    const kept = rows.filter((r) => !r.taskRunId || !refused.has(r.taskRunId));
    if (kept.length) {
      const statement = insertStatement(kept);
      await client.query(statement.text, statement.values);
    }
    return refused;
  });
}

function insertStatement(rows: ChunkRow[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const at = values.length;
    values.push(r.executionId, r.firstSeq, r.lastSeq, r.taskRunId, r.taskId, r.lines, r.rawStdout, r.rawStderr);
    // timestamp(3) without a zone holds UTC, as Prisma writes it.
    return `(${Array.from({ length: 8 }, (_, i) => `$${at + i + 1}`).join(", ")}, (now() AT TIME ZONE 'UTC'))`;
  });
  return { text: `INSERT INTO "LogChunk" (${COLUMNS}) VALUES ${tuples.join(", ")}`, values };
}
