import type { TLogLevel } from "../flow/task-types/log";
import type { LogWriter } from "../logs/log-writer";
import type { ExecutorDeps } from "../deps/executor-deps";
import type { TOutcomeState } from "../states/states";

export interface TaskContext {
  deps: ExecutorDeps;
  executionId: string;
  taskRunId: string;
  taskId: string;
  writer: LogWriter;
  /** Aborted on a kill or an SLA's end: the task stops, its container is killed and removed. */
  signal: AbortSignal;
  /** Aborted when another process took this task run over: the task lets go of its container
   *  without killing or removing it (the new holder has reattached to it) and writes nothing more. */
  detach?: AbortSignal;
  /** Masks the execution's secrets in text stored outside the log (outputs, errors). */
  mask: (text: string) => string;
  /** Inside a WorkingDirectory: the Docker volume its tasks share as their working directory. */
  workingVolume?: string;
}

/** How one attempt of a task ended. WARNING: it worked, with something worth a look. */
export interface TaskOutcome {
  state: TOutcomeState;
  exitCode?: number;
  error?: string;
  /** What `{{ outputs.<taskId>… }}` reads. */
  outputs: Record<string, unknown>;
}

export function log(
  ctx: TaskContext,
  message: string,
  level: TLogLevel,
  stream: "stdout" | "stderr" | "system",
): boolean {
  return ctx.writer.append({ taskRunId: ctx.taskRunId, taskId: ctx.taskId, stream, level, message });
}
