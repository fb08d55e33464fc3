import type { Db } from "../db/create-client";
import { type TaskRunWrite, updateTaskRun } from "./task-run-writes";
import { HELD, State } from "../states/states";
import { renewEveryMs } from "./lease";

/**
 * Claims a task run for `holder` (OSPREY_WORKER_NAME, the same name in every column): CREATED →
 * RUNNING only if it is still CREATED (compare-and-set, so two processes never both take it), or
 * takes over one this server left RUNNING, RETRYING or PAUSED (a restart). Records the holder and a
 * first heartbeat. Returns false when another took it.
 */
export function claimTaskRun(db: Db, taskRunId: string, resuming: boolean, holder: string): Promise<boolean> {
  const now = new Date();
  return resuming
    ? updateTaskRun(db, { id: taskRunId, states: HELD.list() }, { workerId: holder, heartbeatAt: now })
    : updateTaskRun(
        db,
        { id: taskRunId, states: [State.CREATED] },
        { state: State.RUNNING, startedAt: now, workerId: holder, heartbeatAt: now },
      );
}

/**
 * Renews the heartbeat of a held task run until the returned stop is called; a renewal that finds
 * another holder (the lease ran out while this process was frozen) calls `lost` once.
 */
export function keepAlive(db: Db, taskRunId: string, holder: string, leaseMs: number, lost: () => void): () => void {
  const timer = setInterval(() => {
    void db.taskRun.updateMany({ where: { id: taskRunId, workerId: holder }, data: { heartbeatAt: new Date() } }).then(
      ({ count }) => {
        if (count === 0) {
          clearInterval(timer);
          lost();
        }
      },
      (err: unknown) => console.warn(`[osprey] heartbeat of task run ${taskRunId}:`, (err as Error).message),
    );
  }, renewEveryMs(leaseMs));
  timer.unref();
  return () => clearInterval(timer);
}

/** Writes to a held task run only while `holder` still holds it; false when another took it over. */
export function writeHeld(
  db: Db,
  taskRunId: string,
  holder: string,
  data: Omit<TaskRunWrite, "state">,
): Promise<boolean> {
  return updateTaskRun(db, { id: taskRunId, holder }, data);
}
