import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { type Db, driverOf } from "../db/create-client";
import { inPgTransaction } from "../db/pg-transaction";
import { LeaseLostError } from "../task-runs/held-leases";
import { State } from "../states/states";

/** A task run as the orchestrator makes it (CREATED, first attempt). */
export interface NewTaskRun {
  id: string;
  executionId: string;
  taskId: string;
  taskType: string;
  parentTaskRunId: string | null;
  value: string | null;
  iteration: number | null;
  position: number;
  createdAt: Date;
}

const COLUMNS = `"id", "executionId", "taskId", "taskType", "parentTaskRunId", "value", "iteration", "position", "state", "attempt", "createdAt"`;
/** Rows per statement: 9 parameters each, under both databases' caps. */
const SLICE = 1_000;

/**
 * Stores new task runs in one transaction, only while `owner` owns their execution (its lease is
 * renewed in the same transaction): a server frozen past its lease and woken again makes no task
 * run its successor may also make (LeaseLostError). Straight through the driver, as log chunks are:
 * a ForEach of 10,000 values is 10,000 rows, which Prisma's query compiler took seconds to build.
 */
export async function createTaskRuns(
  db: Db,
  executionId: string,
  owner: string,
  rows: readonly NewTaskRun[],
): Promise<void> {
  const driver = driverOf(db);
  if (driver?.kind === "sqlite" && !driver.sqlite.inTransaction)
    return insertSqlite(driver.sqlite, executionId, owner, rows);
  if (driver?.kind === "postgresql") return insertPostgres(driver.pool, executionId, owner, rows);
  await db.$transaction(async (tx) => {
    const { count } = await tx.execution.updateMany({
      where: { id: executionId, ownerId: owner },
      data: { heartbeatAt: new Date() },
    });
    if (count === 0) throw new LeaseLostError(`execution ${executionId}`);
    for (let at = 0; at < rows.length; at += SLICE)
      await tx.taskRun.createMany({ data: rows.slice(at, at + SLICE).map((r) => ({ ...r, state: State.CREATED })) });
  });
}

// As Prisma writes a DateTime on SQLite (so reads through Prisma parse it), and as timestamp(3) in UTC on PostgreSQL.
const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");
const postgresDate = (d: Date) => d.toISOString().replace("Z", "");

const statements = new WeakMap<
  BetterSqlite3.Database,
  (executionId: string, owner: string, rows: readonly NewTaskRun[]) => void
>();

function insertSqlite(
  sqlite: BetterSqlite3.Database,
  executionId: string,
  owner: string,
  rows: readonly NewTaskRun[],
): void {
  let insert = statements.get(sqlite);
  if (!insert) {
    const renew = sqlite.prepare(`UPDATE "Execution" SET "heartbeatAt" = ? WHERE "id" = ? AND "ownerId" = ?`);
    const row = sqlite.prepare(`INSERT INTO "TaskRun" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'CREATED', 1, ?)`);
    insert = sqlite.transaction((execution: string, holder: string, batch: readonly NewTaskRun[]) => {
      if (renew.run(sqliteDate(new Date()), execution, holder).changes === 0)
        throw new LeaseLostError(`execution ${execution}`);
      for (const r of batch)
        row.run(
          r.id,
          r.executionId,
          r.taskId,
          r.taskType,
          r.parentTaskRunId,
          r.value,
          r.iteration,
          r.position,
          sqliteDate(r.createdAt),
        );
    });
    statements.set(sqlite, insert);
  }
  insert(executionId, owner, rows);
}

async function insertPostgres(
  pool: pg.Pool,
  executionId: string,
  owner: string,
  rows: readonly NewTaskRun[],
): Promise<void> {
  await inPgTransaction(pool, async (client) => {
    const renewed = await client.query(`UPDATE "Execution" SET "heartbeatAt" = $1 WHERE "id" = $2 AND "ownerId" = $3`, [
      postgresDate(new Date()),
      executionId,
      owner,
    ]);
    if (renewed.rowCount === 0) throw new LeaseLostError(`execution ${executionId}`);
    for (let at = 0; at < rows.length; at += SLICE) {
      const values: unknown[] = [];
      const tuples = rows.slice(at, at + SLICE).map((r) => {
        const n = values.push(
          r.id,
          r.executionId,
          r.taskId,
          r.taskType,
          r.parentTaskRunId,
          r.value,
          r.iteration,
          r.position,
          postgresDate(r.createdAt),
        );
        return `($${n - 8}, $${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, 'CREATED', 1, $${n})`;
      });
      await client.query(`INSERT INTO "TaskRun" (${COLUMNS}) VALUES ${tuples.join(", ")}`, values);
    }
  });
}
