import { hostname } from "node:os";
import type { Db } from "../db/create-client";

/** This process as a worker: what a task run records as its holder. */
export const WORKER_ID = `${hostname()}:${process.pid}`;

/** How often a held task run's heartbeat is renewed. */
export const HEARTBEAT_MS = 10_000;

/**
 * Claims a task run for this worker: CREATED → RUNNING only if it is still CREATED (compare-and-set,
 * so two workers never both take it), or takes over one this worker's server left RUNNING or PAUSED
 * (a restart). Records the holder and a first heartbeat. Returns false when another took it.
 */
export async function claimTaskRun(db: Db, taskRunId: string, resuming: boolean): Promise<boolean> {
  const now = new Date();
  const { count } = await db.taskRun.updateMany({
    where: resuming ? { id: taskRunId, state: { in: ["RUNNING", "PAUSED"] } } : { id: taskRunId, state: "CREATED" },
    data: resuming ? { workerId: WORKER_ID, heartbeatAt: now } : { state: "RUNNING", startedAt: now, workerId: WORKER_ID, heartbeatAt: now },
  });
  return count === 1;
}

/** Renews the heartbeat of a held task run until the returned stop is called. */
export function keepAlive(db: Db, taskRunId: string): () => void {
  const timer = setInterval(() => {
    void db.taskRun.updateMany({ where: { id: taskRunId, workerId: WORKER_ID }, data: { heartbeatAt: new Date() } }).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}
