import type { ExecutorDeps } from "../deps/executor-deps";
import type { HeldLeaf } from "../orchestrator/run-leaf";
import { resumeWanted } from "../orchestrator/recover-on-start";
import { engineIdOf } from "../runner/docker/engine-id";
import { LABEL_INSTANCE, LABEL_MANAGED, LABEL_OWNER, LABEL_TASK_RUN } from "../runner/docker/labels";
import { HELD, WORKING } from "../states/states";
import { takeover } from "../task-runs/lease";
import { executionSource, type SourceRef } from "../flows/execution-source";

/** Most stale task runs one pass takes over (the rest wait for the next pass). */
const TAKEOVER_BATCH = 10;

type Held = {
  id: string;
  workerId: string | null;
  heartbeatAt: Date | null;
  containerId: string | null;
  engine: string | null;
  taskId: string;
  execution: SourceRef;
};

const select = {
  id: true,
  workerId: true,
  heartbeatAt: true,
  containerId: true,
  engine: true,
  taskId: true,
  execution: { select: { namespace: true, flowId: true, flowRevision: true, source: true } },
} as const;

/**
 * Task runs of this worker's queue whose holder stopped renewing its lease (a worker that died),
 * taken over with a compare-and-set on the lease as read (of two takers, one wins). A worker on
 * the container's engine takes it at once and reattaches; a worker on another engine waits a second
 * lease (the same-engine ones go first), then fails the lost attempt and retries it.
 */
export async function takeOverStale(
  deps: ExecutorDeps,
  name: string,
  queue: string,
  room: number,
): Promise<{ id: string; how: HeldLeaf }[]> {
  if (room <= 0) return [];
  const { db, config } = deps;
  const now = Date.now();
  const stale = await db.taskRun.findMany({
    where: {
      queue,
      state: { in: WORKING.list() },
      workerId: { not: name },
      heartbeatAt: { lt: new Date(now - config.OSPREY_LEASE_MS) },
    },
    select,
    take: TAKEOVER_BATCH,
  });
  const engine = await engineIdOf(deps.docker);
  const taken: { id: string; how: HeldLeaf }[] = [];
  for (const run of stale) {
    if (taken.length >= room) break;
    const reachable = run.containerId === null || run.engine === engine;
    const seen = { holder: run.workerId, heartbeatAt: run.heartbeatAt, reachable };
    if (takeover(seen, name, now, config.OSPREY_LEASE_MS) !== "take") continue;
    const { count } = await db.taskRun.updateMany({
      where: { id: run.id, workerId: run.workerId, heartbeatAt: run.heartbeatAt },
      data: { workerId: name, heartbeatAt: new Date() },
    });
    if (count === 1)
      taken.push({ id: run.id, how: await howToGoOn(deps, run, engine, `worker ${run.workerId ?? "?"} was lost`) });
  }
  return taken;
}

/**
 * A restarted worker: takes back the task runs it held (no lease to wait for: they are its own),
 * then removes its leftover containers, those of task runs that ended or that it does not go on with.
 * A container another worker reattached to (it took the task run over) is that worker's now.
 */
export async function recoverOwn(deps: ExecutorDeps, name: string): Promise<{ id: string; how: HeldLeaf }[]> {
  const { db } = deps;
  const mine = await db.taskRun.findMany({
    where: { workerId: name, queue: { not: null }, state: { in: WORKING.list() } },
    select,
  });
  const engine = await engineIdOf(deps.docker);
  const resumed: { id: string; how: HeldLeaf }[] = [];
  for (const run of mine) {
    await db.taskRun.update({ where: { id: run.id }, data: { heartbeatAt: new Date() } });
    resumed.push({ id: run.id, how: await howToGoOn(deps, run, engine, `worker ${name} restarted`) });
  }
  const containers = await deps.docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_MANAGED}=true`, `${LABEL_INSTANCE}=${deps.instance}`, `${LABEL_OWNER}=${name}`] },
  });
  const goingOn = new Set(resumed.filter((r) => r.how === "resume").map((r) => r.id));
  const runIds = containers.map((c) => c.Labels[LABEL_TASK_RUN]).filter((id): id is string => Boolean(id));
  const live = await db.taskRun.findMany({
    where: { id: { in: runIds }, state: { in: HELD.list() } },
    select: { id: true, workerId: true, queue: true },
  });
  // Still going and not this worker's to take back: another worker's, or a task run its orchestrator
  // runs itself (no queue: in one process the executor and the worker share a name), which the
  // executor reattaches to on its own start.
  const notMine = new Set(live.filter((r) => r.workerId !== name || r.queue === null).map((r) => r.id));
  const leftovers = containers.filter(
    (c) => !goingOn.has(c.Labels[LABEL_TASK_RUN]) && !notMine.has(c.Labels[LABEL_TASK_RUN]),
  );
  await Promise.all(
    leftovers.map((c) =>
      deps.docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  return resumed;
}

/**
 * Reattach when the container is on this worker's engine and still there (and the task allows
 * `resume`); start afresh when no container was made yet; else the attempt was lost.
 */
async function howToGoOn(deps: ExecutorDeps, run: Held, engine: string, why: string): Promise<HeldLeaf> {
  if (run.containerId === null) return "resume";
  if (run.engine !== engine)
    return { lost: `${why} and its container on another Docker engine is out of this worker's reach` };
  const exists = await deps.docker
    .getContainer(run.containerId)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  if (!exists) return { lost: `${why} and its container is gone` };
  if (!resumeWanted(await executionSource(deps.db, run.execution), run.taskId)) {
    await deps.docker
      .getContainer(run.containerId)
      .remove({ force: true })
      .catch(() => undefined);
    return { lost: `${why} and this task has resume: false; its container was stopped and removed` };
  }
  return "resume";
}
