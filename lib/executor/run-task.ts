import type { TLogLevel } from "../flow/task-types/log";
import { LOG_LEVELS, ZLogTask } from "../flow/task-types/log";
import type { TaskDefinition } from "../flow/task-types";
import type { LogWriter } from "../logs/log-writer";
import { containerLabels } from "../runner/docker/labels";
import { runContainer } from "../runner/docker/run-container";
import { parseProtocolLine } from "../runner/output-protocol";
import { buildContainerSpec, type ScriptTaskInput } from "../runner/script-spec";
import { defaultImageFor } from "./default-image";
import type { ExecutorDeps } from "./executor-deps";

export interface TaskContext {
  deps: ExecutorDeps;
  executionId: string;
  taskRunId: string;
  taskId: string;
  writer: LogWriter;
  signal: AbortSignal;
}

export interface TaskOutcome {
  state: "SUCCESS" | "FAILED";
  exitCode?: number;
  error?: string;
  outputs: { vars: Record<string, unknown>; metrics: unknown[] };
}

/** Runs one validated task to its end and says how it ended. Throws only on Osprey's own failures. */
export async function runTask(ctx: TaskContext, def: TaskDefinition, task: Record<string, unknown>): Promise<TaskOutcome> {
  switch (def.kind) {
    case "log":
      return runLogTask(ctx, ZLogTask.parse(task));
    case "script":
      return runScriptTask(ctx, def, task as ScriptTaskInput);
  }
}

function runLogTask(ctx: TaskContext, task: { message: string | string[]; level?: TLogLevel }): TaskOutcome {
  const messages = Array.isArray(task.message) ? task.message : [task.message];
  for (const message of messages) {
    for (const line of message.split("\n")) log(ctx, line, task.level ?? "INFO", "stdout");
  }
  return { state: "SUCCESS", outputs: { vars: {}, metrics: [] } };
}

async function runScriptTask(
  ctx: TaskContext,
  def: Extract<TaskDefinition, { kind: "script" }>,
  task: ScriptTaskInput,
): Promise<TaskOutcome> {
  const { deps } = ctx;
  const spec = buildContainerSpec(task, def.language, defaultImageFor(def.language.family, deps.config));
  const outputs: TaskOutcome["outputs"] = { vars: {}, metrics: [] };
  const result = await runContainer(deps.docker, spec, {
    labels: containerLabels({ instance: deps.instance, executionId: ctx.executionId, taskRunId: ctx.taskRunId, taskId: ctx.taskId }),
    signal: ctx.signal,
    drained: () => ctx.writer.drained(),
    onSystem: (message) => log(ctx, message, "INFO", "system"),
    onContainerCreated: async (containerId) => {
      await deps.db.taskRun.update({ where: { id: ctx.taskRunId }, data: { containerId } });
      log(ctx, `Container ${containerId.slice(0, 12)} created from ${spec.image}`, "DEBUG", "system");
    },
    onLine: (stream, line) => {
      const protocol = stream === "stdout" ? parseProtocolLine(line) : null;
      if (!protocol) return log(ctx, line, stream === "stderr" ? "WARN" : "INFO", stream);
      Object.assign(outputs.vars, protocol.outputs ?? {});
      outputs.metrics.push(...(protocol.metrics ?? []));
      let ok = true;
      for (const l of protocol.logs ?? []) ok = log(ctx, String(l.message ?? ""), toLevel(l.level), stream) && ok;
      return ok;
    },
  });
  if (result.exitCode === 0) return { state: "SUCCESS", exitCode: 0, outputs };
  return { state: "FAILED", exitCode: result.exitCode, error: `command exited with code ${result.exitCode}`, outputs };
}

function log(ctx: TaskContext, message: string, level: TLogLevel, stream: "stdout" | "stderr" | "system"): boolean {
  return ctx.writer.append({ taskRunId: ctx.taskRunId, taskId: ctx.taskId, stream, level, message });
}

function toLevel(level: unknown): TLogLevel {
  const upper = String(level ?? "INFO").toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as TLogLevel) : "INFO";
}
