import { tasksById } from "../engine/decide";
import { parseFlow } from "../flow/parse-flow";
import { LogWriter } from "../logs/log-writer";
import { lastStoredSeq } from "../logs/read-logs";
import { LABEL_INSTANCE, LABEL_MANAGED } from "../runner/docker/labels";
import type { ExecutorDeps } from "./executor-deps";

/**
 * After a crash or restart: decide, for each execution left RUNNING, how it goes on.
 * A task whose container still exists is resumed (Kestra's `resume`, default true): the executor
 * reattaches to it. One whose container is gone, or whose `resume` is false, ends FAILED with the
 * reason in its log, and its execution goes on or fails as its flow says. Every other container of
 * this server is removed. Returns the executions to run again (they stay RUNNING).
 */
export async function recoverOnStart(deps: ExecutorDeps): Promise<string[]> {
  const { db, docker } = deps;
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_MANAGED}=true`, `${LABEL_INSTANCE}=${deps.instance}`] },
  });
  const keep = new Set<string>();
  const executions = await db.execution.findMany({ where: { state: "RUNNING" }, include: { taskRuns: true } });
  for (const execution of executions) {
    // Leaves left RUNNING: one with a live container is resumed; one without runs again.
    for (const run of execution.taskRuns.filter((t) => t.state === "RUNNING" && t.containerId)) {
      const container = containers.find((c) => c.Id === run.containerId);
      if (container && resumeWanted(execution.source, run.taskId)) {
        keep.add(container.Id);
        continue;
      }
      const reason = container
        ? "the server restarted and this task has resume: false; its container was stopped and removed"
        : "the server restarted and this task's container is gone; it cannot be resumed";
      const writer = new LogWriter(db, deps.bus, execution.id, await lastStoredSeq(db, execution.id), { flushMs: 10, highWaterLines: 100 });
      writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level: "ERROR", message: reason });
      await writer.flush();
      await db.taskRun.update({ where: { id: run.id }, data: { state: "FAILED", error: reason, endedAt: new Date() } });
    }
  }
  await Promise.all(
    containers.filter((c) => !keep.has(c.Id)).map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)),
  );
  return executions.map((e) => e.id);
}

/** A task's `docker.resume` / `taskRunner.resume`; true unless written as false. */
function resumeWanted(source: string, taskId: string): boolean {
  const parsed = parseFlow(source);
  if (!parsed.ok) return false;
  const task = tasksById(parsed.flow).get(taskId) as { docker?: { resume?: unknown }; taskRunner?: { resume?: unknown } } | undefined;
  const value = task?.docker?.resume ?? task?.taskRunner?.resume;
  return !(value === false || value === "false");
}
