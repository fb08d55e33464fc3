import type { TaskDefinition } from "../flow/task-types/index";
import { ZLogTask } from "../flow/task-types/log";
import { ZBuildTask } from "../flow/task-types/docker-build";
import { DockerError } from "../runner/docker/docker-error";
import type { ScriptTaskInput } from "../runner/script-spec";
import { SpecError } from "../runner/script-spec";
import { durationMs, ValueError } from "../values/values";
import type { TRetry } from "../flow/task-types/common";
import { retryPolicy } from "../task-runs/retry-policy";
import { runBuildTask } from "../tasks/build-task";
import { runLogTask } from "../tasks/log-task";
import { type ResumePoint, runScriptTask } from "../tasks/script-task";
import type { CoreTaskRunner } from "../tasks/core-tasks";
import { log, type TaskContext, type TaskOutcome } from "../tasks/task-context";
import { contextParts, moveTaskRun } from "../task-runs/move-task-run";
import { State } from "../states/states";

export type { TaskContext, TaskOutcome };

/**
 * Runs a task with Kestra's policies: `timeout` per attempt, `retry` between attempts. The task
 * is rendered inside each attempt, as Kestra renders inside run(): a property that does not render
 * fails that attempt, which `retry` may try again (so `{{ taskrun.attemptsCount }}` counts);
 * `onAttempt` records each new attempt number first. `retry` is read as written (Kestra's retry
 * properties are not expressions). Returns how the last attempt ended.
 */
export async function runTask(
  ctx: TaskContext,
  def: TaskDefinition | CoreTaskRunner,
  render: (attempt: number) => Promise<Record<string, unknown>>,
  onAttempt: (attempt: number) => Promise<void>,
  /** Where to start: an attempt left running (its container reattached at `point`), or a fresh attempt N. */
  resume?: { attempt: number; point?: ResumePoint },
  retry?: TRetry,
): Promise<TaskOutcome> {
  const first = resume?.attempt ?? 1;
  const policy = retryPolicy(retry);
  const started = Date.now();
  for (let attempt = first; ; attempt++) {
    if (attempt > first) await onAttempt(attempt);
    const point = attempt === first ? resume?.point : undefined;
    const outcome = await renderAndRun(ctx, def, () => render(attempt), point);
    if (outcome.state === State.SUCCESS && attempt > 1 && policy.warningOnRetry) {
      return { ...outcome, state: State.WARNING, error: `succeeded on attempt ${attempt} (warningOnRetry)` };
    }
    // A killed execution is read from its signal by the caller, not from the outcome.
    if (outcome.state !== State.FAILED || ctx.signal.aborted) return outcome;
    const delay = policy.delayBefore(attempt + 1, Date.now() - started);
    if (delay === null) return outcome;
    log(ctx, `attempt ${attempt} failed (${outcome.error}); retrying in ${delay} ms`, "WARN", "system");
    // Kestra's RETRYING while the task waits for its next attempt, RUNNING again when it starts.
    await markTaskRun(ctx, State.RETRYING);
    await sleep(delay, ctx.signal);
    if (ctx.signal.aborted) return outcome;
    await markTaskRun(ctx, State.RUNNING);
  }
}

/** One attempt: its properties rendered (a failure to render is this attempt's failure), then run under its `timeout`. */
async function renderAndRun(
  ctx: TaskContext,
  def: TaskDefinition | CoreTaskRunner,
  render: () => Promise<Record<string, unknown>>,
  point: ResumePoint | undefined,
): Promise<TaskOutcome> {
  let task: Record<string, unknown>;
  let timeoutMs: number | undefined;
  try {
    task = await render();
    timeoutMs = durationMs(task.timeout, "timeout");
  } catch (err) {
    return { state: State.FAILED, error: describe(err, ctx.signal), outputs: {} };
  }
  return runAttempt(ctx, def, task, timeoutMs, String(task.timeout ?? ""), point);
}

async function runAttempt(
  ctx: TaskContext,
  def: TaskDefinition | CoreTaskRunner,
  task: Record<string, unknown>,
  timeoutMs: number | undefined,
  timeoutText: string,
  resume: ResumePoint | undefined,
): Promise<TaskOutcome> {
  const timeout = new AbortController();
  const timer =
    timeoutMs !== undefined ? setTimeout(() => timeout.abort(`timeout ${timeoutText}`), timeoutMs) : undefined;
  const signal = AbortSignal.any([ctx.signal, timeout.signal]);
  try {
    const outcome = await dispatch({ ...ctx, signal }, def, task, resume);
    // A task that stops quietly on the signal (Sleep, a wait) still timed out.
    if (timeout.signal.aborted && !ctx.signal.aborted)
      return { state: State.FAILED, error: `timed out after ${timeoutText} and was killed`, outputs: {} };
    return outcome;
  } catch (err) {
    if (timeout.signal.aborted && !ctx.signal.aborted) {
      return { state: State.FAILED, error: `timed out after ${timeoutText} and was killed`, outputs: {} };
    }
    return { state: State.FAILED, error: describe(err, ctx.signal), outputs: {} };
  } finally {
    clearTimeout(timer);
  }
}

function dispatch(
  ctx: TaskContext,
  def: TaskDefinition | CoreTaskRunner,
  task: Record<string, unknown>,
  resume?: ResumePoint,
): Promise<TaskOutcome> | TaskOutcome {
  // A task the engine carries out itself (Fail, Return, Subflow, …): same timeout and retry.
  if (typeof def === "function") return def(ctx, task);
  switch (def.kind) {
    case "log":
      return runLogTask(ctx, ZLogTask.parse(task));
    case "script":
      return runScriptTask(ctx, def, task as ScriptTaskInput, resume);
    case "build":
      return runBuildTask(ctx, ZBuildTask.parse(task));
  }
}

function describe(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return `killed: ${String(signal.reason ?? "stop requested")}`;
  if (err instanceof DockerError || err instanceof SpecError || err instanceof ValueError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

async function markTaskRun(ctx: TaskContext, state: typeof State.RETRYING | typeof State.RUNNING): Promise<void> {
  await moveTaskRun(
    contextParts(ctx),
    { id: ctx.taskRunId, taskId: ctx.taskId },
    state,
    {},
    {
      holder: ctx.deps.config.OSPREY_WORKER_NAME,
    },
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
