import { type Db, kindOf } from "../db/create-client";
import { State } from "../states/states";
import { moveTaskRuns } from "../task-runs/move-task-run";

/**
 * Claims up to `max` task runs waiting in `queues` (oldest first; a worker's group and its own
 * `@<name>` queue) for the worker `name`: each moves
 * CREATED → RUNNING with its holder and a first heartbeat. On PostgreSQL the candidates are locked
 * with `FOR UPDATE SKIP LOCKED`, so workers claiming at once take different ones without waiting
 * on each other; on SQLite (one writer at a time) a compare-and-set on the state does the same.
 * Returns the ids claimed.
 */
export async function claimTaskRuns(db: Db, queues: readonly string[], name: string, max: number): Promise<string[]> {
  if (max <= 0) return [];
  const now = new Date();
  const data = { workerId: name, heartbeatAt: now, startedAt: now };
  const claim = (table: Parameters<typeof moveTaskRuns>[0], ids: string[]) =>
    moveTaskRuns(table, ids, State.RUNNING, data, [State.CREATED]);
  if (kindOf(db) === "postgresql") {
    return db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<
        { id: string }[]
      >`SELECT "id" FROM "TaskRun" WHERE "queue" = ANY(${[...queues]}) AND "state" = 'CREATED' ORDER BY "createdAt" LIMIT ${max} FOR UPDATE SKIP LOCKED`;
      const ids = rows.map((r) => r.id);
      if (ids.length) await claim(tx, ids);
      return ids;
    });
  }
  const candidates = await db.taskRun.findMany({
    where: { queue: { in: [...queues] }, state: State.CREATED },
    orderBy: { createdAt: "asc" },
    take: max,
    select: { id: true },
  });
  const claimed: string[] = [];
  for (const { id } of candidates) {
    const { count } = await claim(db, [id]);
    if (count === 1) claimed.push(id);
  }
  return claimed;
}
