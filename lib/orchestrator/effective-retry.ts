import { ancestorsOf } from "../engine/run-variables";
import type { ExecutionSession } from "../task-runs/execution-session";
import { runsById, type StoredRun } from "../task-runs/stored-run";

/** Kestra's retry of a task run: its task's own, else the nearest flowable's around it, else the flow's. */
export function effectiveRetry(
  session: Pick<ExecutionSession, "tasks" | "flow">,
  run: StoredRun,
  runs: readonly StoredRun[],
): unknown {
  const own = session.tasks.get(run.taskId)?.retry;
  if (own !== undefined) return own;
  const around = ancestorsOf(run, runsById(runs)).find((p) => session.tasks.get(p.taskId)?.retry !== undefined);
  return around ? session.tasks.get(around.taskId)!.retry : session.flow.retry;
}
