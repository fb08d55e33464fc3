import { createHash } from "node:crypto";
import type { Db } from "../db/create-client";

/** The queue of one worker only: a WorkingDirectory's tasks go where its volume is. */
export const PINNED_PREFIX = "@";
export const pinnedQueue = (worker: string) => `${PINNED_PREFIX}${worker}`;
export const pinnedWorkerOf = (queue: string): string | null =>
  queue.startsWith(PINNED_PREFIX) ? queue.slice(PINNED_PREFIX.length) : null;

/**
 * The worker a WorkingDirectory runs on (a web server runs no containers, so its volume is on a
 * worker's engine, and every task of it goes to that worker). The first task dispatched picks a live
 * worker of its group (one of those running least), written once: of two tasks dispatched at once (a
 * Parallel inside), both read back the same. Null when no worker of the group is alive: the task then
 * waits in its group's queue, and the worker that claims it takes the directory (`hostHere`).
 */
export async function pinWorkingDirectory(
  db: Db,
  workingDirectoryRunId: string,
  group: string,
  leaseMs: number,
): Promise<string | null> {
  const pinned = await db.workingDirectoryHost.findUnique({ where: { taskRunId: workingDirectoryRunId } });
  if (pinned) return pinned.workerId;
  const live = await db.worker.findMany({
    where: { workerGroup: group === "" ? null : group, heartbeatAt: { gte: new Date(Date.now() - leaseMs) } },
    orderBy: { name: "asc" },
    select: { name: true, running: true },
  });
  if (live.length === 0) return null;
  // Of those running least (as last reported), one picked by the directory: directories opened
  // between two reports spread over them instead of all going to the first name.
  const least = Math.min(...live.map((w) => w.running));
  const candidates = live.filter((w) => w.running === least);
  const pick =
    candidates[createHash("sha256").update(workingDirectoryRunId).digest().readUInt32BE(0) % candidates.length];
  return hostHere(db, workingDirectoryRunId, pick.name);
}

/** Takes the directory for `worker` unless another took it first; returns whichever holds it. */
export async function hostHere(db: Db, workingDirectoryRunId: string, worker: string): Promise<string> {
  // Created once: a second taker's insert fails on the key, and it reads the first one's.
  await db.workingDirectoryHost
    .create({ data: { taskRunId: workingDirectoryRunId, workerId: worker } })
    .catch(() => undefined);
  const row = await db.workingDirectoryHost.findUniqueOrThrow({ where: { taskRunId: workingDirectoryRunId } });
  return row.workerId;
}

/** Whether a worker has said it is alive within the lease. */
export async function workerAlive(db: Db, name: string, leaseMs: number): Promise<boolean> {
  const row = await db.worker.findUnique({ where: { name }, select: { heartbeatAt: true } });
  return row !== null && Date.now() - row.heartbeatAt.getTime() <= leaseMs;
}
