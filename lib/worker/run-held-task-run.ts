import type { ExecutorDeps } from "../deps/executor-deps";
import { openSession } from "../task-runs/execution-session";
import { type HeldLeaf, runHeldLeaf } from "../orchestrator/run-leaf";
import { loadRunsOf, type StoredRun, storedRun } from "../task-runs/stored-run";
import { State } from "../states/states";
import { moveTaskRun } from "../task-runs/move-task-run";
import { WORKING_DIRECTORY_TYPE } from "../orchestrator/working-directory";
import { inWorkingDirectory } from "./working-directory-on-worker";

/**
 * A worker's side of a task run: opens its execution as the orchestrator does (flow, inputs,
 * secrets, masking, a log writer numbering on from the stored lines) and runs the held task run
 * to its end. Its state and lines reach the orchestrator through the database and the bus.
 */
export async function runHeldTaskRun(
  deps: ExecutorDeps,
  taskRunId: string,
  how: HeldLeaf,
  signal: AbortSignal,
  detach?: AbortSignal,
): Promise<void> {
  const run = storedRun(await deps.db.taskRun.findUniqueOrThrow({ where: { id: taskRunId } }));
  const opened = await openSession(deps, run.executionId);
  if ("invalid" in opened) {
    await moveTaskRun({ db: deps.db, publish: opened.session.publish }, run, State.FAILED, { error: opened.invalid });
    return;
  }
  // Another worker took it over (this one was frozen past its lease): let go without a write.
  const lose = () => opened.session.leases.lose(run.id);
  detach?.addEventListener("abort", lose, { once: true });
  try {
    // Read once for the task run (the orchestrator's list is not here); its retries use the same.
    let runs: Promise<readonly StoredRun[]> | null = null;
    const loadRuns = () => (runs ??= loadRunsOf(deps.db, run.executionId));
    // A WorkingDirectory's task a web server handed here: its volume is on this worker's engine.
    const inDirectory = [...opened.session.tasks.values()].some((t) => t.type === WORKING_DIRECTORY_TYPE);
    const leaf = () => runHeldLeaf(opened.session, run, loadRuns, signal, how);
    if (inDirectory) await inWorkingDirectory(opened.session, run, await loadRuns(), leaf);
    else await leaf();
  } finally {
    detach?.removeEventListener("abort", lose);
  }
}
