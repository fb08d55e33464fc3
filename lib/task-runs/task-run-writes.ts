import type BetterSqlite3 from "better-sqlite3";
import { type Db, driverOf } from "../db/create-client";
import { withOutagePolicy } from "../db/ride-out-outages";
import { movableFrom } from "../states/state-moves";
import { HELD, type TState } from "../states/states";

/** The TaskRun columns a holder writes (names checked here: they are put in the SQL text). */
const COLUMNS = new Set([
  "state",
  "attempt",
  "exitCode",
  "error",
  "outputs",
  "properties",
  "containerId",
  "engine",
  "stopReason",
  "workerId",
  "heartbeatAt",
  "startedAt",
  "endedAt",
]);

/** Plain values only (no Prisma update operations): each becomes one `"column" = ?`. */
export type TaskRunWrite = { state?: TState; attempt?: number } & Partial<
  Record<"error" | "outputs" | "properties" | "containerId" | "engine" | "workerId" | "stopReason", string | null> &
    Record<"exitCode", number | null> &
    Record<"heartbeatAt" | "startedAt" | "endedAt", Date | null>
>;

/** Which task run, in which state(s), held by whom (null: no holder check). */
export interface TaskRunMatch {
  id: string;
  states?: readonly TState[];
  holder?: string;
}

/**
 * One UPDATE of a task run, straight through the driver: a task run's claim, its attempts and its
 * end are written for every leaf, and through Prisma each cost its query compiler more main-thread
 * time than the database took (a Parallel of 1,000 tasks held the server). Returns whether the row
 * matched (the compare-and-set held). Rides out a database outage as the client `db` does.
 */
export function updateTaskRun(db: Db, given: TaskRunMatch, data: TaskRunWrite): Promise<boolean> {
  // A state moves only from one that may make the move (a holder's write: from a held state), so a
  // run ended meanwhile (its execution killed) keeps the state it ended in.
  const to = data.state;
  const match = to ? { ...given, states: movableFrom("task run", given.states ?? HELD.states, to) } : given;
  const keys = Object.keys(data).filter((k) => data[k as keyof TaskRunWrite] !== undefined);
  for (const k of keys) if (!COLUMNS.has(k)) throw new Error(`not a task run column one may write: ${k}`);
  const driver = driverOf(db);
  if (driver?.kind === "sqlite" && !driver.sqlite.inTransaction)
    return withOutagePolicy(db, async () => updateSqlite(driver.sqlite, match, keys, data));
  if (driver?.kind === "postgresql") {
    const pool = driver.pool;
    return withOutagePolicy(db, async () => {
      const { text, values } = statement(match, keys, data, (i) => `$${i}`, postgresValue);
      return ((await pool.query(text, values)).rowCount ?? 0) > 0;
    });
  }
  const where = {
    id: match.id,
    ...(match.states ? { state: { in: [...match.states] } } : {}),
    ...(match.holder ? { workerId: match.holder } : {}),
  };
  return db.taskRun.updateMany({ where, data }).then(({ count }) => count > 0);
}

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function updateSqlite(
  sqlite: BetterSqlite3.Database,
  match: TaskRunMatch,
  keys: string[],
  data: TaskRunWrite,
): boolean {
  const { text, values } = statement(match, keys, data, () => "?", sqliteValue);
  let byText = prepared.get(sqlite);
  if (!byText) prepared.set(sqlite, (byText = new Map()));
  let stmt = byText.get(text);
  if (!stmt) byText.set(text, (stmt = sqlite.prepare(text)));
  return stmt.run(...values).changes > 0;
}

function statement(
  match: TaskRunMatch,
  keys: string[],
  data: TaskRunWrite,
  param: (i: number) => string,
  value: (v: unknown) => unknown,
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const next = (v: unknown) => param(values.push(value(v)));
  const set = keys.map((k) => `"${k}" = ${next(data[k as keyof TaskRunWrite])}`).join(", ");
  let where = `"id" = ${next(match.id)}`;
  if (match.states) where += ` AND "state" IN (${match.states.map((s) => next(s)).join(", ")})`;
  if (match.holder) where += ` AND "workerId" = ${next(match.holder)}`;
  return { text: `UPDATE "TaskRun" SET ${set} WHERE ${where}`, values };
}

// As Prisma writes a DateTime: ISO text with an offset on SQLite, timestamp(3) in UTC on PostgreSQL.
const sqliteValue = (v: unknown) => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : v);
const postgresValue = (v: unknown) => (v instanceof Date ? v.toISOString().replace("Z", "") : v);
