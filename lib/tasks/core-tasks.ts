import { isTruthy } from "../engine/truth";
import { sleep as pause } from "../values/sleep";
import { durationMs } from "../values/values";
import { LOG_LEVELS, type TLogLevel } from "../flow/task-types/log";
import { log, type TaskContext, type TaskOutcome } from "./task-context";
import { State } from "../states/states";

/** A core task that runs inside the server (no container), from its rendered properties. */
export type CoreTaskRunner = (ctx: TaskContext, task: Record<string, unknown>) => Promise<TaskOutcome>;

const level = (value: unknown, fallback: TLogLevel): TLogLevel => {
  const upper = String(value ?? fallback).toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as TLogLevel) : fallback;
};

/** io.kestra.plugin.core.execution.Fail: fails (with `errorMessage`), or only when `condition` holds. */
const fail: CoreTaskRunner = async (ctx, task) => {
  const message = String(task.errorMessage ?? "Task failure");
  if (task.condition === undefined) return { state: State.FAILED, error: message, outputs: {} };
  if (!isTruthy(task.condition)) return { state: State.SUCCESS, outputs: {} };
  log(ctx, message, "ERROR", "system");
  return { state: State.FAILED, error: "Fail on a condition", outputs: {} };
};

/** io.kestra.plugin.core.output.OutputValues: `outputs.<id>.values.<key>`. */
const outputValues: CoreTaskRunner = async (_ctx, task) => ({
  state: State.SUCCESS,
  outputs: { values: (task.values ?? {}) as Record<string, unknown> },
});

/** io.kestra.plugin.core.debug.Return: `outputs.<id>.value`, logged at DEBUG. */
const returnTask: CoreTaskRunner = async (ctx, task) => {
  if (task.format !== undefined && task.format !== null) log(ctx, String(task.format), "DEBUG", "stdout");
  return {
    state: State.SUCCESS,
    outputs: task.format === undefined || task.format === null ? {} : { value: String(task.format) },
  };
};

/** io.kestra.plugin.core.debug.Echo (deprecated): a Log of `format` at `level`. */
const echo: CoreTaskRunner = async (ctx, task) => {
  for (const line of String(task.format ?? "").split("\n")) log(ctx, line, level(task.level, "INFO"), "stdout");
  return { state: State.SUCCESS, outputs: {} };
};

/** io.kestra.plugin.core.flow.Sleep: waits `duration` (a kill ends the wait). */
const sleep: CoreTaskRunner = async (ctx, task) => {
  const ms = durationMs(task.duration, "duration") ?? 0;
  log(ctx, `Waiting for ${String(task.duration)}`, "INFO", "system");
  await pause(ms, ctx.signal);
  return { state: State.SUCCESS, outputs: {} };
};

const CORE: Record<string, CoreTaskRunner> = {
  "io.kestra.plugin.core.execution.Fail": fail,
  "io.kestra.plugin.core.output.OutputValues": outputValues,
  "io.kestra.plugin.core.debug.Return": returnTask,
  "io.kestra.plugin.core.debug.Echo": echo,
  "io.kestra.plugin.core.flow.Sleep": sleep,
};

export function coreTaskRunner(type: string): CoreTaskRunner | undefined {
  return CORE[type];
}
