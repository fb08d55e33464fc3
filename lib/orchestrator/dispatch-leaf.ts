import { findTaskDefinition } from "../flow/task-types/index";
import type { TWorkerGroup } from "../flow/task-types/common";
import { State, isTerminalState, parseState, type TState } from "../states/states";
import type { ExecutionSession } from "../task-runs/execution-session";
import { moveTaskRun, sessionParts } from "../task-runs/move-task-run";
import type { StoredRun } from "../task-runs/stored-run";
import { hasLiveWorker } from "./worker-registry";
import { runsOnWorker, WORKING_DIRECTORY_TYPE, workingDirectoryRunOf } from "./working-directory";
import { pinnedQueue, pinnedWorkerOf, pinWorkingDirectory, workerAlive } from "./working-directory-host";
import { localFilesTask } from "../flow/task-types/storage";

/** How often a waiting orchestrator reads a dispatched task run's state without being woken. */
const RECHECK_MS = 2_000;

function hasWorkingDirectory(session: ExecutionSession): boolean {
  for (const task of session.tasks.values()) if (task.type === WORKING_DIRECTORY_TYPE) return true;
  return false;
}

/**
 * Where a leaf runs: null in this process (today's single process, an engine task, a task whose
 * WorkingDirectory volume is on this server's engine), else the worker queue it is handed to: its
 * `workerGroup.key`, or "" (any worker without a group) on a web server (OSPREY_ROLE=web). On a web
 * server a WorkingDirectory's tasks that use its volume (containers, LocalFiles) all go to one
 * worker, `@<name>`, where its volume is (working-directory-host.ts).
 */
export async function queueOf(
  session: ExecutionSession,
  run: StoredRun,
  runs: () => Promise<readonly StoredRun[]>,
): Promise<string | null> {
  if (run.queue !== null) return run.queue;
  // Left running by a process that ran it itself: it goes on here, as a restart resumes it.
  if (run.state !== State.CREATED) return null;
  const task = session.tasks.get(run.taskId) as { type: string; workerGroup?: TWorkerGroup } | undefined;
  if (!task) return null;
  const kind = findTaskDefinition(task.type)?.kind;
  const container = kind === "script" || kind === "build";
  const around = hasWorkingDirectory(session) ? workingDirectoryRunOf(session, run, await runs()) : undefined;
  if (!around) {
    if (!container) return null;
    return task.workerGroup?.key ?? (session.deps.config.OSPREY_ROLE === "web" ? "" : null);
  }
  if (!runsOnWorker(session) || !(container || task.type === localFilesTask.type)) return null;
  const group = task.workerGroup?.key ?? "";
  const { db, config } = session.deps;
  const host = await pinWorkingDirectory(db, around.id, group, config.OSPREY_LEASE_MS);
  // No worker alive yet: it waits in its group's queue; the one that claims it takes the directory.
  return host === null ? group : pinnedQueue(host);
}

/**
 * Hands a leaf to the workers and waits for it to end where it runs (the orchestrator's side of
 * dispatch). A kill or an SLA's end reaches the worker through the task run's `stopReason`; one not
 * yet claimed ends KILLED here. With no live worker in its group, Kestra's `workerGroup.fallback`
 * says what happens: WAIT (the default) for one, FAIL, or CANCEL.
 */
export async function awaitWorker(
  session: ExecutionSession,
  run: StoredRun,
  queue: string,
  signal: AbortSignal,
  detach?: AbortSignal,
): Promise<TState> {
  const { db, bus, config } = session.deps;
  if (run.queue === null) {
    const early = await noWorkerFallback(session, run, queue);
    if (early) return early;
    await db.taskRun.updateMany({ where: { id: run.id, queue: null }, data: { queue } });
    bus.signalWork("dispatched");
  }
  let wake: () => void = () => undefined;
  const unsubscribe = bus.subscribe(session.execution.id, (e) => {
    // Only its end matters here (RUNNING, RETRYING and the like need no look at the store).
    if (e.kind === "state" && e.event.taskRunId === run.id && isTerminalState(e.event.state)) wake();
  });
  const onAbort = () => wake();
  signal.addEventListener("abort", onAbort);
  detach?.addEventListener("abort", onAbort);
  let stopAsked = false;
  try {
    for (;;) {
      // Another server owns the execution now: it waits for this task run itself.
      if (detach?.aborted) return run.state;
      const now = await db.taskRun.findUniqueOrThrow({ where: { id: run.id }, select: { state: true } });
      if (isTerminalState(now.state)) return parseState(now.state);
      if (signal.aborted && !stopAsked) {
        stopAsked = true;
        const reason = String(signal.reason ?? "killed");
        const unclaimed = await moveTaskRun(
          { db, publish: session.publish },
          run,
          State.KILLED,
          { stopReason: reason },
          { from: [State.CREATED] },
        );
        if (unclaimed) return State.KILLED;
        await db.taskRun.update({ where: { id: run.id }, data: { stopReason: reason } });
        bus.signalWork("stop");
      }
      // The worker's state events wake this; the store is read again anyway now and then, in case
      // a notification from another process was lost.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(config.OSPREY_POLL_MS, RECHECK_MS));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    unsubscribe();
    signal.removeEventListener("abort", onAbort);
    detach?.removeEventListener("abort", onAbort);
  }
}

/** FAIL or CANCEL when no live worker serves the group; WAIT says so in the log and waits. */
async function noWorkerFallback(session: ExecutionSession, run: StoredRun, queue: string): Promise<TState | null> {
  const { db, config } = session.deps;
  const pinned = pinnedWorkerOf(queue);
  if (pinned !== null) {
    if (await workerAlive(db, pinned, config.OSPREY_LEASE_MS)) return null;
    // Its WorkingDirectory's volume went with that worker: no other can run it.
    const error = `worker ${pinned}, which holds this task's WorkingDirectory volume, is not alive`;
    session.writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level: "ERROR", message: error });
    await moveTaskRun(sessionParts(session), run, State.FAILED, { error });
    return State.FAILED;
  }
  if (await hasLiveWorker(db, queue, config.OSPREY_LEASE_MS)) return null;
  const group = queue === "" ? "without a group" : `of group ${queue}`;
  const fallback =
    (session.tasks.get(run.taskId) as { workerGroup?: TWorkerGroup } | undefined)?.workerGroup?.fallback ?? "WAIT";
  if (fallback === "WAIT") {
    session.writer.append({
      taskRunId: run.id,
      taskId: run.taskId,
      stream: "system",
      level: "WARN",
      message: `no worker ${group} is alive: the task waits for one (workerGroup.fallback: WAIT)`,
    });
    return null;
  }
  const state: TState = fallback === "FAIL" ? State.FAILED : State.CANCELLED;
  const error = `no worker ${group} is alive (workerGroup.fallback: ${fallback})`;
  session.writer.append({
    taskRunId: run.id,
    taskId: run.taskId,
    stream: "system",
    level: state === State.FAILED ? "ERROR" : "WARN",
    message: error,
  });
  await moveTaskRun(sessionParts(session), run, state, { error });
  return state;
}
