import type { TLogLevel } from "../flow/task-types/log";
import { log, type TaskContext, type TaskOutcome } from "./task-context";
import { State } from "../states/states";

export function runLogTask(ctx: TaskContext, task: { message: string | string[]; level?: TLogLevel }): TaskOutcome {
  const messages = Array.isArray(task.message) ? task.message : [task.message];
  for (const message of messages) {
    for (const line of String(message).split("\n")) log(ctx, line, task.level ?? "INFO", "stdout");
  }
  return { state: State.SUCCESS, outputs: {} };
}
