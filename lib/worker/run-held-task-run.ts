import type { ExecutorDeps } from "../executor/executor-deps";
import { openSession } from "../executor/execution-session";
import { type HeldLeaf, runHeldLeaf } from "../executor/run-leaf";
import { loadRunsOf } from "../executor/stored-run";

/**
 * A worker's side of a task run: opens its execution as the orchestrator does (flow, inputs,
 * secrets, masking, a log writer numbering on from the stored lines) and runs the held task run
 * to its end. Its state and lines reach the orchestrator through the database and the bus.
 */
export async function runHeldTaskRun(deps: ExecutorDeps, taskRunId: string, how: HeldLeaf, signal: AbortSignal): Promise<void> {
  const run = await deps.db.taskRun.findUniqueOrThrow({ where: { id: taskRunId } });
  const opened = await openSession(deps, run.executionId);
  if ("invalid" in opened) {
    await deps.db.taskRun.update({ where: { id: run.id }, data: { state: "FAILED", error: opened.invalid, endedAt: new Date() } });
    opened.session.publish("FAILED", run.id, run.taskId, opened.invalid);
    return;
  }
  await runHeldLeaf(opened.session, run, () => loadRunsOf(deps.db, run.executionId), signal, how);
}
