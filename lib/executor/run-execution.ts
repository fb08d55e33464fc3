import { effectiveConfig } from "../settings/settings";
import { randomUUID } from "node:crypto";
import { parseFlow } from "../flow/parse-flow";
import { findTaskDefinition } from "../flow/task-types";
import { lastStoredSeq, storedLineCount, storedRawCounters } from "../logs/read-logs";
import { LogWriter } from "../logs/log-writer";
import { OUTPUT_DIR, WORKING_DIR } from "../runner/script-spec";
import { toBool } from "../runner/values";
import { SecretMasker } from "../secrets/secret-masker";
import type { ExecutorDeps } from "./executor-deps";
import { runTask, type TaskOutcome } from "./run-task";
import { templateContext } from "./template-context";

type FinalState = "SUCCESS" | "WARNING" | "FAILED" | "KILLED";

/**
 * Runs a claimed (RUNNING) execution: its tasks one after another, the first failure failing it
 * (unless the task allows failure). Every state change is stored, then published; the final state
 * is published only after every log line is stored, so a follower that sees it has seen all lines.
 */
export async function runExecution(baseDeps: ExecutorDeps, executionId: string, signal: AbortSignal): Promise<void> {
  // An admin's settings as they stand when the execution starts hold for all of its tasks.
  const deps: ExecutorDeps = { ...baseDeps, config: await effectiveConfig(baseDeps.db, baseDeps.config) };
  const { db, bus } = deps;
  const execution = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
  // Task runs from before a server restart: finished ones are kept, a RUNNING one is resumed.
  const priorRuns = await db.taskRun.findMany({ where: { executionId } });
  const masker = new SecretMasker();
  const writer = new LogWriter(db, bus, executionId, await lastStoredSeq(db, executionId), {
    flushMs: deps.config.OSPREY_LOG_FLUSH_MS,
    highWaterLines: deps.config.OSPREY_LOG_BUFFER_LINES,
    // Every secret a task used is masked from then on, in stored and streamed lines alike.
    transform: (message) => masker.mask(message),
    maxLinesPerTaskRun: deps.config.OSPREY_MAX_TASK_LOG_LINES,
  });
  // State events go out live: their messages are masked like everything stored.
  const publish = (state: string, taskRunId: string | null = null, taskId: string | null = null, message?: string) =>
    bus.publishState({ executionId, taskRunId, taskId, state, at: Date.now(), message: message === undefined ? undefined : masker.mask(message) });
  publish("RUNNING");

  let finalState: FinalState = "SUCCESS";
  let error: string | null = null;
  const parsed = parseFlow(execution.source);
  if (!parsed.ok) {
    finalState = "FAILED";
    error = `the flow revision is no longer valid: ${parsed.problems[0]?.message}`;
  } else {
    const inputs = JSON.parse(execution.inputs ?? "{}") as Record<string, unknown>;
    const outputs: Record<string, unknown> = {};
    // Decrypted once per execution, only if some task asks for a secret.
    const secrets = execution.source.includes("secret(") ? Object.fromEntries(await deps.secrets.resolveAll(execution.namespace)) : undefined;

    for (const [position, task] of parsed.flow.tasks.entries()) {
      if (task.disabled === true) continue;
      const taskId = task.id;
      const def = findTaskDefinition(task.type);
      const prior = priorRuns.find((r) => r.position === position);
      let allowFailure = task.allowFailure === true;
      let outcome: TaskOutcome;
      if (prior && prior.state !== "RUNNING") {
        // Ended before the restart: its outputs stay readable downstream, its state counts.
        outputs[taskId] = prior.outputs ? (JSON.parse(prior.outputs) as unknown) : {};
        if (prior.state === "WARNING") finalState = "WARNING";
        if (prior.state === "SUCCESS" || prior.state === "WARNING") continue;
        if (allowFailure) {
          await db.taskRun.update({ where: { id: prior.id }, data: { state: "WARNING" } });
          finalState = "WARNING";
          continue;
        }
        finalState = prior.state === "KILLED" ? "KILLED" : "FAILED";
        error = `task ${taskId} failed: ${prior.error ?? "unknown error"}`;
        break;
      }
      const taskRun =
        prior ??
        (await db.taskRun.create({
          data: { id: randomUUID(), executionId, taskId, position, taskType: task.type, state: "RUNNING", startedAt: new Date() },
        }));
      if (prior) writer.countStored(prior.id, await storedLineCount(db, executionId, prior.id));
      const resume = prior?.containerId
        ? {
            attempt: prior.attempt,
            point: {
              containerId: prior.containerId,
              skip: await storedRawCounters(db, executionId, prior.id),
              vars: ((prior.outputs ? JSON.parse(prior.outputs) : {}) as { vars?: Record<string, unknown> }).vars ?? {},
            },
          }
        : undefined;
      publish("RUNNING", taskRun.id, taskId);
      const ctx = { deps, executionId, taskRunId: taskRun.id, taskId, writer, signal, mask: (text: string) => masker.mask(text) };
      try {
        if (!def) throw new Error(`unknown task type ${task.type}`);
        const { id: _id, type: _type, ...props } = task;
        const render = async (attempt: number) => {
          const vars = templateContext({ execution, inputs, outputs, taskRun: { ...taskRun, attempt, startedAt: taskRun.startedAt! }, workingDir: WORKING_DIR, outputDir: OUTPUT_DIR });
          const result = await deps.templates.render({ value: props, vars, secrets, display: true, maxOutputChars: deps.config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS });
          for (const name of result.usedSecrets) masker.add(secrets![name]);
          const rendered = result.value as typeof props;
          allowFailure = toBool(rendered.allowFailure, "allowFailure", false);
          // Shown on the execution page: rendered with every secret() as ****, and masked again
          // for values that came in another way (an upstream output that printed one).
          const properties = masker.mask(JSON.stringify(result.display));
          void db.taskRun.update({ where: { id: taskRun.id }, data: { properties } }).catch(() => undefined);
          return { id: taskId, type: task.type, ...rendered };
        };
        outcome = await runTask(
          ctx,
          def,
          render,
          async (attempt) => {
            await db.taskRun.update({ where: { id: taskRun.id }, data: { attempt } });
          },
          resume,
        );
      } catch (err) {
        outcome = { state: "FAILED", error: err instanceof Error ? err.message : String(err), outputs: {} };
      }
      let state: FinalState = signal.aborted ? "KILLED" : outcome.state;
      if (outcome.error) {
        writer.append({ taskRunId: taskRun.id, taskId, stream: "system", level: state === "WARNING" ? "WARN" : "ERROR", message: outcome.error });
      }
      if (state === "FAILED" && allowFailure) {
        state = "WARNING";
        writer.append({ taskRunId: taskRun.id, taskId, stream: "system", level: "WARN", message: "the task failed; allowFailure lets the flow go on" });
      }
      outputs[taskId] = outcome.outputs;
      await writer.flush();
      await db.taskRun.update({
        where: { id: taskRun.id },
        data: {
          state,
          exitCode: outcome.exitCode ?? null,
          error: outcome.error ? masker.mask(outcome.error) : null,
          outputs: masker.mask(JSON.stringify(outcome.outputs)),
          endedAt: new Date(),
        },
      });
      publish(state, taskRun.id, taskId, outcome.error);
      if (state === "WARNING") finalState = "WARNING";
      if (state === "FAILED" || state === "KILLED") {
        finalState = state;
        error = masker.mask(`task ${taskId} ${state === "KILLED" ? "was killed" : `failed: ${outcome.error ?? "unknown error"}`}`);
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
