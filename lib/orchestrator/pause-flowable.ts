import type { ExecutionSession } from "../task-runs/execution-session";
import type { StoredRun } from "../task-runs/stored-run";
import { moveTaskRun, sessionParts } from "../task-runs/move-task-run";
import { State } from "../states/states";
import { awaitResume } from "../tasks/pause-task";
import { durationMs } from "../values/values";
import { renderAsFlowable } from "./render-as-flowable";
import type { TaskContext } from "../tasks/task-context";

/**
 * A Pause with tasks, PAUSED: waits beside the loop for its resume (or its `pauseDuration`), then
 * lets its tasks go on (RUNNING; the engine runs them) or ends it FAILED: `behavior` FAIL or CANCEL
 * at the end of the pause, its `timeout` while it waits (Kestra's handlePausedDelay), or a property
 * that does not render. Killed meanwhile: nothing is written (the execution's end kills it).
 */
export async function awaitPausedFlowable(
  session: ExecutionSession,
  run: StoredRun,
  runs: readonly StoredRun[],
  signal: AbortSignal,
): Promise<void> {
  const fail = (error: string) => endPause(session, run, State.FAILED, error);
  let task: Record<string, unknown>;
  let timeoutMs: number | undefined;
  try {
    task = await renderPause(session, run, runs);
    timeoutMs = durationMs(task.timeout, "timeout");
  } catch (err) {
    return fail(session.masker.mask(err instanceof Error ? err.message : String(err)));
  }
  const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const outcome = await awaitResume(
    leafContext(session, run, timeout ? AbortSignal.any([signal, timeout]) : signal),
    task,
  ).catch((err: unknown) => ({ state: State.FAILED, error: String(err instanceof Error ? err.message : err) }));
  if (signal.aborted) return;
  if (timeout?.aborted) return fail(`timed out after ${String(task.timeout)} while paused`);
  if (outcome.state === State.FAILED) return fail(outcome.error ?? "the pause failed");
  // Resumed by hand the run is RUNNING already; resumed by its duration it is moved here.
  await moveTaskRun(sessionParts(session), run, State.RUNNING, {}, { from: [State.PAUSED] });
}

/** The properties the wait reads, rendered as the Pause's own (`delay: "{{ inputs.delay }}"`). */
async function renderPause(
  session: ExecutionSession,
  run: StoredRun,
  runs: readonly StoredRun[],
): Promise<Record<string, unknown>> {
  const { pauseDuration, delay, behavior, timeout } = session.tasks.get(run.taskId)!;
  return (await renderAsFlowable(session, run, runs, { pauseDuration, delay, behavior, timeout })) as Record<
    string,
    unknown
  >;
}

async function endPause(session: ExecutionSession, run: StoredRun, state: typeof State.FAILED, error: string) {
  session.writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level: "ERROR", message: error });
  await moveTaskRun(sessionParts(session), run, state, { error }, { from: [State.PAUSED] });
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
