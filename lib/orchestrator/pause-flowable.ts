import type { ExecutionSession } from "../task-runs/execution-session";
import type { StoredRun } from "../task-runs/stored-run";
import { updateTaskRun } from "../task-runs/task-run-writes";
import { State } from "../states/states";
import { awaitResume } from "../tasks/pause-task";
import type { TaskContext } from "../tasks/task-context";

/**
 * A Pause with tasks, PAUSED: waits beside the loop for its resume (or its `pauseDuration`), then
 * lets its tasks go on (RUNNING; the engine runs them) or, when `behavior` FAIL or CANCEL ends the
 * pause, ends it FAILED. Killed meanwhile: nothing is written (the execution's end kills it).
 */
export async function awaitPausedFlowable(
  session: ExecutionSession,
  run: StoredRun,
  signal: AbortSignal,
): Promise<void> {
  const task = session.tasks.get(run.taskId)!;
  const outcome = await awaitResume(leafContext(session, run, signal), task);
  if (signal.aborted) return;
  const { db } = session.deps;
  if (outcome.state === State.FAILED) {
    await updateTaskRun(
      db,
      { id: run.id, states: [State.PAUSED] },
      {
        state: State.FAILED,
        error: outcome.error ?? null,
        endedAt: new Date(),
      },
    );
    session.publish(State.FAILED, run.id, run.taskId, outcome.error);
    return;
  }
  // Resumed by hand the run is RUNNING already; resumed by its duration it is moved here.
  if (await updateTaskRun(db, { id: run.id, states: [State.PAUSED] }, { state: State.RUNNING, outputs: "{}" }))
    session.publish(State.RUNNING, run.id, run.taskId);
}

/** What a task's own code needs to run for `run` inside the orchestrator. */
export function leafContext(
  session: ExecutionSession,
  run: StoredRun,
  signal = new AbortController().signal,
): TaskContext {
  return {
    deps: session.deps,
    executionId: session.execution.id,
    taskRunId: run.id,
    taskId: run.taskId,
    writer: session.writer,
    signal,
    mask: (text: string) => session.masker.mask(text),
  };
}
