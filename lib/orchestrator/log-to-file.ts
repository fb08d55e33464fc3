import { randomBytes } from "node:crypto";
import type { LogWriter } from "../logs/log-writer";
import { log, type TaskContext } from "../tasks/task-context";
import { taskFiles } from "../tasks/task-files";
import { toBool } from "../values/values";

/**
 * Kestra's `logToFile`: a task's lines go to a file stored with the task run (Kestra's attempt
 * `logFile`) instead of the log. Returns whether `task` asks for it, and if so starts keeping them.
 */
export function startLogFile(task: object | undefined, writer: LogWriter, taskRunId: string): boolean {
  if (!task || !toBool((task as { logToFile?: unknown }).logToFile, "logToFile", false)) return false;
  writer.toFile(taskRunId);
  return true;
}

/** Stores the lines kept for the task run as its output file `log-<random>.txt` (Kestra's name); a failure is logged. */
export async function storeLogFile(ctx: TaskContext, writer: LogWriter): Promise<void> {
  const text = writer.takeFile(ctx.taskRunId);
  await taskFiles(ctx)
    .store({ [`log-${randomBytes(4).toString("hex").slice(0, 5)}.txt`]: text })
    .catch((err: unknown) => log(ctx, `the task's log file could not be stored: ${String(err)}`, "WARN", "system"));
}
