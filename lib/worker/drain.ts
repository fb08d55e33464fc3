import type { ExecutorDeps } from "../deps/executor-deps";
import { engineIdOf } from "../runner/docker/engine-id";
import { WORKING } from "../states/states";
import { pinnedWorkerOf } from "../orchestrator/working-directory-host";

export type HandedBack = { id: string; how: "reattach" | "restart" };

/**
 * A draining worker gives back the task runs still running when its drain time ran out (it has
 * let go of them already: no more lines read, nothing written). Each is handed over at once, not
 * after the lease:
 * - `reattach`: its container is on this engine and another live worker of its queue is too: the
 *   lease is dated one lease back, so that worker takes it over on its next look and reattaches,
 *   reading the log on from the last stored line (every line once: lines this one read but did not
 *   store are refused by the log fence and read again from the container). Workers on other engines
 *   still wait their second lease, as for a lost worker, so the one that can reattach goes first.
 * - `restart`: no worker can reattach: its container is stopped and removed, and the task run is
 *   freed with no container, so any worker of its queue starts it again at once (same attempt).
 * Writes only rows this worker still holds (a compare-and-set on `workerId`). A task of a WorkingDirectory
 * hosted here is not handed back (its volume is on this engine): it waits for this worker's return.
 */
export async function handBack(deps: ExecutorDeps, name: string, ids: readonly string[]): Promise<HandedBack[]> {
  if (ids.length === 0) return [];
  const { db, config } = deps;
  const rows = await db.taskRun.findMany({
    where: { id: { in: [...ids] }, workerId: name, state: { in: WORKING.list() } },
    select: { id: true, queue: true, containerId: true, engine: true },
  });
  const engine = await engineIdOf(deps.docker).catch(() => null);
  const out: HandedBack[] = [];
  for (const row of rows) {
    // A WorkingDirectory's task: its volume is on this engine and no other worker may run it. It
    // stays held: this worker takes it back when it starts again under its name.
    if (row.queue !== null && pinnedWorkerOf(row.queue) !== null) continue;
    const reattachable =
      row.containerId !== null &&
      engine !== null &&
      row.engine === engine &&
      (await liveWorkerOnEngine(deps, row.queue ?? "", name, engine));
    if (reattachable) {
      const { count } = await db.taskRun.updateMany({
        where: { id: row.id, workerId: name },
        data: { heartbeatAt: new Date(Date.now() - config.OSPREY_LEASE_MS - 1) },
      });
      if (count === 1) out.push({ id: row.id, how: "reattach" });
      continue;
    }
    if (row.containerId !== null)
      await deps.docker
        .getContainer(row.containerId)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    // No holder's heartbeat and no container: any worker's next look takes it and starts it afresh.
    const { count } = await db.taskRun.updateMany({
      where: { id: row.id, workerId: name },
      data: { heartbeatAt: new Date(0), containerId: null, engine: null },
    });
    if (count === 1) out.push({ id: row.id, how: "restart" });
  }
  if (out.length) deps.bus.signalWork("dispatched");
  return out;
}

/** Whether another worker of `queue` on this Docker engine has reported within the lease. */
async function liveWorkerOnEngine(deps: ExecutorDeps, queue: string, me: string, engine: string): Promise<boolean> {
  const { db, config } = deps;
  const live = await db.worker.findMany({
    where: {
      name: { not: me },
      workerGroup: queue === "" ? null : queue,
      heartbeatAt: { gte: new Date(Date.now() - config.OSPREY_LEASE_MS) },
    },
    select: { engine: true },
  });
  // A worker reports its engine as "<DOCKER_HOST> (<engine id>)" (worker.ts).
  return live.some((w) => w.engine.endsWith(`(${engine})`));
}
