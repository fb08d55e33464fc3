import { randomUUID } from "node:crypto";
import { parseFlow } from "../flow/parse-flow";
import { findTaskDefinition } from "../flow/task-types";
import { lastStoredSeq } from "../logs/read-logs";
import { LogWriter } from "../logs/log-writer";
import { DockerError } from "../runner/docker/docker-error";
import type { ExecutorDeps } from "./executor-deps";
import { runTask, type TaskOutcome } from "./run-task";

/**
 * Runs a claimed (RUNNING) execution: its tasks one after another, the first failure failing it.
 * Every state change is stored, then published; the final state is published only after every
 * log line is stored, so a follower that sees it has seen all lines.
 */
export async function runExecution(deps: ExecutorDeps, executionId: string, signal: AbortSignal): Promise<void> {
  const { db, bus } = deps;
  const execution = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
  const writer = new LogWriter(db, bus, executionId, await lastStoredSeq(db, executionId), {
    flushMs: deps.config.OSPREY_LOG_FLUSH_MS,
    highWaterLines: deps.config.OSPREY_LOG_BUFFER_LINES,
  });
  const publish = (state: string, taskRunId: string | null = null, taskId: string | null = null, message?: string) =>
    bus.publishState({ executionId, taskRunId, taskId, state, at: Date.now(), message });
  publish("RUNNING");

  let finalState: "SUCCESS" | "FAILED" | "KILLED" = "SUCCESS";
  let error: string | null = null;
  const parsed = parseFlow(execution.source);
  if (!parsed.ok) {
    finalState = "FAILED";
    error = `the flow revision is no longer valid: ${parsed.problems[0]?.message}`;
  } else {
    const tasks = parsed.flow.tasks;
    for (const [position, task] of tasks.entries()) {
      if (task.disabled === true) continue;
      const taskId = String(task.id);
      const def = findTaskDefinition(String(task.type));
      const taskRunId = randomUUID();
      await db.taskRun.create({
        data: { id: taskRunId, executionId, taskId, position, taskType: String(task.type), state: "RUNNING", startedAt: new Date() },
      });
      publish("RUNNING", taskRunId, taskId);
      let outcome: TaskOutcome;
      try {
        if (!def) throw new Error(`unknown task type ${String(task.type)}`);
        outcome = await runTask({ deps, executionId, taskRunId, taskId, writer, signal }, def, task);
      } catch (err) {
        outcome = { state: "FAILED", error: describeFailure(err, signal), outputs: { vars: {}, metrics: [] } };
      }
      const state = signal.aborted ? "KILLED" : outcome.state;
      if (outcome.error) {
        writer.append({ taskRunId, taskId, stream: "system", level: "ERROR", message: outcome.error });
      }
      await writer.flush();
      await db.taskRun.update({
        where: { id: taskRunId },
        data: {
          state,
          exitCode: outcome.exitCode ?? null,
          error: outcome.error ?? null,
          outputs: JSON.stringify(outcome.outputs),
          endedAt: new Date(),
        },
      });
      publish(state, taskRunId, taskId, outcome.error);
      if (state !== "SUCCESS") {
        finalState = state;
        error = `task ${taskId} ${state === "KILLED" ? "was killed" : `failed: ${outcome.error ?? "unknown error"}`}`;
        break;
      }
    }
  }
  await writer.flush().catch((err: unknown) => {
    finalState = "FAILED";
    error = `logs could not be stored: ${String(err)}`;
  });
  await db.execution.update({ where: { id: executionId }, data: { state: finalState, error, endedAt: new Date() } });
  publish(finalState, null, null, error ?? undefined);
}

function describeFailure(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return `killed: ${String(signal.reason ?? "stop requested")}`;
  if (err instanceof DockerError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
