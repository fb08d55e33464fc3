import { durationMs } from "../values/values";
import { waitOnBus } from "../task-runs/wait-on-bus";
import { log, type TaskContext, type TaskOutcome } from "./task-context";
import { contextParts, moveTaskRun } from "../task-runs/move-task-run";
import { State } from "../states/states";
import { moveExecution } from "../executions/move-execution";

/** setTimeout's longest delay; a longer pause is noticed by the wait's own rechecks. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * io.kestra.plugin.core.flow.Pause: the task run (and its execution) are PAUSED until resumed
 * (the Resume button or POST …/resume, which may give `onResume` inputs), or until `pauseDuration`
 * has passed, when `behavior` says what follows (RESUME, WARN, FAIL, CANCEL).
 */
export async function runPauseTask(ctx: TaskContext, task: Record<string, unknown>): Promise<TaskOutcome> {
  await moveTaskRun(
    contextParts(ctx),
    { id: ctx.taskRunId, taskId: ctx.taskId },
    State.PAUSED,
    {},
    {
      holder: ctx.deps.config.OSPREY_WORKER_NAME,
    },
  );
  await pauseExecution(ctx, task);
  return awaitResume(ctx, task);
}

/** The execution is PAUSED with its Pause task run (written PAUSED by its holder before). */
export async function pauseExecution(ctx: TaskContext, task: Record<string, unknown>): Promise<void> {
  // Only a running execution pauses: one being killed meanwhile stays as the kill left it.
  await moveExecution(ctx.deps, ctx.executionId, { from: [State.RUNNING], to: State.PAUSED });
  const duration = task.pauseDuration ?? task.delay;
  log(ctx, duration === undefined ? "Paused until resumed" : `Paused for ${String(duration)}`, "INFO", "system");
}

/**
 * Waits while the Pause task run is PAUSED: SUCCESS (with its `onResume` outputs) once resumed, or
 * what `behavior` says once `pauseDuration` has passed. The execution is RUNNING again after.
 */
export async function awaitResume(ctx: TaskContext, task: Record<string, unknown>): Promise<TaskOutcome> {
  const { db, bus } = ctx.deps;
  const duration = durationMs(task.pauseDuration ?? task.delay, "pauseDuration");
  const until = duration === undefined ? undefined : Date.now() + duration;
  // The pause's end, when it has a duration, wakes the wait like a resume does.
  const timer =
    until === undefined || until - Date.now() > MAX_TIMER_MS
      ? undefined
      : setTimeout(
          () =>
            bus.publishState({
              executionId: ctx.executionId,
              taskRunId: ctx.taskRunId,
              taskId: ctx.taskId,
              state: State.PAUSED,
              at: Date.now(),
            }),
          until - Date.now(),
        );
  try {
    return await waitOnBus(
      bus,
      [ctx.executionId],
      (e) => e.kind === "state" && e.event.taskRunId === ctx.taskRunId,
      ctx,
      async (): Promise<TaskOutcome | undefined> => {
        if (ctx.signal.aborted) return { state: State.FAILED, error: "killed while paused", outputs: {} };
        const run = await db.taskRun.findUniqueOrThrow({
          where: { id: ctx.taskRunId },
          select: { state: true, outputs: true },
        });
        if (run.state !== State.PAUSED) {
          log(ctx, "Resumed", "INFO", "system");
          return {
            state: State.SUCCESS,
            outputs: run.outputs ? (JSON.parse(run.outputs) as Record<string, unknown>) : {},
          };
        }
        if (until !== undefined && Date.now() >= until) return afterDuration(String(task.behavior ?? "RESUME"));
        return undefined;
      },
    );
  } finally {
    clearTimeout(timer);
    await moveExecution(ctx.deps, ctx.executionId, { from: [State.PAUSED], to: State.RUNNING });
  }
}

function afterDuration(behavior: string): TaskOutcome {
  switch (behavior) {
    case "WARN":
      return { state: State.WARNING, error: "the pause ended without being resumed (behavior: WARN)", outputs: {} };
    case "FAIL":
      return { state: State.FAILED, error: "the pause ended without being resumed (behavior: FAIL)", outputs: {} };
    case "CANCEL":
      return { state: State.FAILED, error: "the pause ended without being resumed (behavior: CANCEL)", outputs: {} };
    default:
      return { state: State.SUCCESS, outputs: {} };
  }
}
