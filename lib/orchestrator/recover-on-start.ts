import type Docker from "dockerode";
import { tasksById } from "../engine/decide";
import { parseFlow } from "../flow/parse-flow";
import { LogWriter } from "../logs/log-writer";
import { lastStoredSeq } from "../logs/read-logs";
import { LABEL_EXECUTION, LABEL_INSTANCE, LABEL_MANAGED, LABEL_OWNER, LABEL_TASK_RUN } from "../runner/docker/labels";
import type { ExecutorDeps } from "../deps/executor-deps";
import { State } from "../states/states";
import { takeover } from "../task-runs/lease";
import { moveTaskRun } from "../task-runs/move-task-run";
import { executionSource } from "../flows/execution-source";

/** Most stale executions one pass of the loop takes over (the rest wait for the next pass). */
const TAKEOVER_BATCH = 10;

type Lease = { id: string; ownerId: string | null; heartbeatAt: Date | null };
const leaseOf = (e: Lease) => ({ holder: e.ownerId, heartbeatAt: e.heartbeatAt });

/**
 * After a crash or restart: takes back this server's RUNNING executions (its own name, or from
 * before owners were recorded) and any whose owner's lease has run out, and decides how each goes
 * on (see `resumeOrFail`). Executions another live server runs are left alone, and so are their
 * containers; this server's other leftover containers are removed. Returns the executions to run
 * again (they stay RUNNING).
 */
export async function recoverOnStart(deps: ExecutorDeps, owner: string): Promise<string[]> {
  const now = Date.now();
  const staleBefore = new Date(now - deps.config.OSPREY_LEASE_MS);
  // The query narrows; takeover() decides.
  const found = await deps.db.execution.findMany({
    where: {
      state: State.RUNNING,
      OR: [{ ownerId: owner }, { ownerId: null }, { heartbeatAt: null }, { heartbeatAt: { lt: staleBefore } }],
    },
    select: { id: true, ownerId: true, heartbeatAt: true },
  });
  const candidates = found.filter((e) => takeover(leaseOf(e), owner, now, deps.config.OSPREY_LEASE_MS) !== "leave");
  const mine = await takeLeases(deps, owner, candidates);
  const containers = await managedContainers(deps);
  const kept = await resumeOrFail(deps, mine, containers, (lost) =>
    lost === owner || lost === null ? "the server restarted" : `the server ${lost} running it was lost`,
  );
  // Leftovers of this server: not resumed, and not of an execution another server runs now.
  const othersRunning = new Set(
    (
      await deps.db.execution.findMany({
        where: { state: State.RUNNING, ownerId: { not: owner } },
        select: { id: true },
      })
    ).map((e) => e.id),
  );
  const dispatched = new Set(
    (
      await deps.db.taskRun.findMany({
        where: { id: { in: containers.map((c) => c.Labels[LABEL_TASK_RUN] ?? "") }, queue: { not: null } },
        select: { id: true },
      })
    ).map((r) => r.id),
  );
  const leftovers = containers.filter(
    (c) =>
      !kept.has(c.Id) &&
      (c.Labels[LABEL_OWNER] ?? owner) === owner &&
      !othersRunning.has(c.Labels[LABEL_EXECUTION]) &&
      !dispatched.has(c.Labels[LABEL_TASK_RUN]),
  );
  await Promise.all(
    leftovers.map((c) =>
      deps.docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  return mine.map((e) => e.id);
}

/**
 * While running: takes over RUNNING executions whose owner stopped renewing its lease (a server
 * that died), reattaching to their containers where this server's engine has them.
 */
export async function takeOverStale(deps: ExecutorDeps, owner: string, hasRoom: boolean): Promise<string[]> {
  if (!hasRoom) return [];
  const now = Date.now();
  const stale = (
    await deps.db.execution.findMany({
      where: {
        state: State.RUNNING,
        ownerId: { not: owner },
        heartbeatAt: { lt: new Date(now - deps.config.OSPREY_LEASE_MS) },
      },
      select: { id: true, ownerId: true, heartbeatAt: true },
      take: TAKEOVER_BATCH,
    })
  ).filter((e) => takeover(leaseOf(e), owner, now, deps.config.OSPREY_LEASE_MS) === "take");
  if (stale.length === 0) return [];
  const mine = await takeLeases(deps, owner, stale);
  if (mine.length === 0) return [];
  const containers = await managedContainers(deps);
  const kept = await resumeOrFail(deps, mine, containers, (lost) => `the server ${lost ?? "that ran it"} was lost`);
  const ids = new Set(mine.map((e) => e.id));
  await Promise.all(
    containers
      .filter((c) => ids.has(c.Labels[LABEL_EXECUTION]) && !kept.has(c.Id))
      .map((c) =>
        deps.docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
  );
  return mine.map((e) => e.id);
}

/** Compare-and-set on each lease as read: of two servers taking the same one over, one wins. */
async function takeLeases(deps: ExecutorDeps, owner: string, leases: Lease[]): Promise<Lease[]> {
  const taken: Lease[] = [];
  for (const lease of leases) {
    const { count } = await deps.db.execution.updateMany({
      where: { id: lease.id, state: State.RUNNING, ownerId: lease.ownerId, heartbeatAt: lease.heartbeatAt },
      data: { ownerId: owner, heartbeatAt: new Date() },
    });
    if (count === 1) taken.push(lease);
  }
  return taken;
}

function managedContainers(deps: ExecutorDeps): Promise<Docker.ContainerInfo[]> {
  return deps.docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_MANAGED}=true`, `${LABEL_INSTANCE}=${deps.instance}`] },
  });
}

/**
 * For each taken execution's leaves left RUNNING: one whose container still exists is resumed
 * (Kestra's `resume`, default true: the executor reattaches and reads the log on from the last
 * stored line); one whose container is gone, or whose `resume` is false, ends FAILED with the reason
 * in its log, and its execution goes on or fails as its flow says. Returns the containers kept.
 */
async function resumeOrFail(
  deps: ExecutorDeps,
  taken: Lease[],
  containers: Docker.ContainerInfo[],
  why: (lostOwner: string | null) => string,
): Promise<Set<string>> {
  const { db } = deps;
  const keep = new Set<string>();
  for (const lease of taken) {
    const execution = await db.execution.findUniqueOrThrow({ where: { id: lease.id }, include: { taskRuns: true } });
    // A task run handed to the workers is theirs to take over (lib/worker/held-task-runs.ts).
    for (const run of execution.taskRuns.filter(
      (t) => t.state === State.RUNNING && t.containerId && t.queue === null,
    )) {
      const container = containers.find((c) => c.Id === run.containerId);
      if (container && resumeWanted(await executionSource(db, execution), run.taskId)) {
        keep.add(container.Id);
        continue;
      }
      const reason = container
        ? `${why(lease.ownerId)} and this task has resume: false; its container was stopped and removed`
        : `${why(lease.ownerId)} and this task's container is gone; it cannot be resumed`;
      const writer = new LogWriter(db, deps.bus, execution.id, await lastStoredSeq(db, execution.id), {
        flushMs: 10,
        highWaterLines: 100,
      });
      writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level: "ERROR", message: reason });
      await moveTaskRun(
        { db, flush: () => writer.flush() },
        run,
        State.FAILED,
        { error: reason },
        { from: [State.RUNNING] },
      );
    }
  }
  return keep;
}

/** A task's `docker.resume` / `taskRunner.resume`; true unless written as false. */
export function resumeWanted(source: string, taskId: string): boolean {
  const parsed = parseFlow(source);
  if (!parsed.ok) return false;
  const task = tasksById(parsed.flow).get(taskId) as
    | { docker?: { resume?: unknown }; taskRunner?: { resume?: unknown } }
    | undefined;
  const value = task?.docker?.resume ?? task?.taskRunner?.resume;
  return !(value === false || value === "false");
}
