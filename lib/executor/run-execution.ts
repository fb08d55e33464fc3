import { randomUUID } from "node:crypto";
import { decide } from "../engine/decide";
import { flowableOf } from "../engine/flowables";
import type { Decision } from "../engine/run-view";
import { isTerminalState, type TState } from "../engine/task-states";
import type { ExecutorDeps } from "./executor-deps";
import { type ExecutionSession, openSession } from "./execution-session";
import { renderFlowOutputs } from "./flow-outputs";
import { applyViolation, failedAssertion, type SlaViolation, watchMaxDuration } from "./flow-sla";
import { resolveFlowable } from "./resolve-flowable";
import { fireFlowTriggers } from "../triggers/flow-trigger-fire";
import { checkWaitFor } from "./wait-for";
import { runLeaf } from "./run-leaf";
import { loadRunsOf, type StoredRun, toRunView } from "./stored-run";
import { closeWorkingDirectory, removeExecutionVolumes, WORKING_DIRECTORY_TYPE } from "./working-directory";

/**
 * Runs a claimed (RUNNING) execution: the engine decides from the stored task runs what comes
 * next (lib/engine/decide.ts), this loop applies it and runs the leaf task runs (several at once
 * in parallel branches), until the execution ends. Every state change is stored, then published;
 * the final state is published only after every log line is stored. After a restart it picks up
 * where the stored task runs say: a RUNNING leaf is resumed (its container reattached).
 */
export async function runExecution(baseDeps: ExecutorDeps, executionId: string, signal: AbortSignal): Promise<void> {
  const opened = await openSession(baseDeps, executionId);
  const { session } = opened;
  session.publish("RUNNING");
  if ("invalid" in opened) return endExecution(session, [], "FAILED", opened.invalid);
  const full = session as ExecutionSession;
  // A kill, or an SLA that ends the execution (FAIL, CANCEL): both stop its tasks the same way.
  const stop = new AbortController();
  const kill = () => stop.abort();
  if (signal.aborted) stop.abort();
  else signal.addEventListener("abort", kill);
  const sla: { end: { state: TState; reason: string } | null } = { end: null };
  const violated = (v: SlaViolation) =>
    void applyViolation(full, v).then((state) => {
      if (!state || sla.end) return;
      sla.end = { state, reason: `SLA '${v.sla.id}' violated: ${v.reason}` };
      stop.abort();
    }, (err: unknown) => full.writer.append({ taskRunId: null, taskId: null, stream: "system", level: "ERROR", message: `SLA ${v.sla.id} could not be applied: ${String(err)}` }));
  // Measured from when it started running (a restart starts the clock again).
  const disarm = watchMaxDuration(full, (full.execution as { startedAt?: Date | null }).startedAt ?? new Date(), violated);
  const running = new Map<string, Promise<unknown>>();
  // A leaf that ends (or a kill) while the loop is busy must not be missed: `dirty` remembers it.
  let dirty = false;
  let wake: () => void = () => undefined;
  const changed = () => {
    dirty = true;
    wake();
  };
  stop.signal.addEventListener("abort", changed);
  let first = true;
  try {
    for (;;) {
      dirty = false;
      const runs = await loadRuns(full);
      const decisions = decide(full.flow, runs.map(toRunView), stop.signal.aborted);
      const end = decisions.find((d) => d.kind === "end-execution");
      if (end && running.size === 0) {
        if (sla.end) return await endExecution(full, runs, sla.end.state, sla.end.reason);
        // EXECUTION_ASSERTION: checked once the state is known.
        const assertion = end.state === "KILLED" ? null : await failedAssertion(full, runs, end.state);
        const slaState = assertion ? await applyViolation(full, assertion) : null;
        if (assertion && slaState) return await endExecution(full, runs, slaState, `SLA '${assertion.sla.id}' violated: ${assertion.reason}`);
        const outputs = end.state === "SUCCESS" || end.state === "WARNING" ? await renderFlowOutputs(full, runs).catch((err: unknown) => err as Error) : null;
        if (outputs instanceof Error) return await endExecution(full, runs, "FAILED", `Failed to render output values: ${outputs.message}`);
        return await endExecution(full, runs, end.state, undefined, outputs);
      }
      // New task runs in one transaction; leaves among them start at once, without reading them back.
      const created = await createRuns(full, decisions.filter((d) => d.kind === "create"), runs.length);
      for (const d of decisions) if (d.kind === "resolve" || d.kind === "end-task-run") await apply(full, d, runs);
      // A WaitFor between rounds: its check runs beside the loop (it waits its interval).
      for (const d of decisions) {
        if (d.kind !== "check-loop" || running.has(`check:${d.taskRunId}`)) continue;
        const check = checkWaitFor(full, runs.find((r) => r.id === d.taskRunId)!, runs, stop.signal).finally(() => {
          running.delete(`check:${d.taskRunId}`);
          changed();
        });
        running.set(`check:${d.taskRunId}`, check);
      }
      // On the first pass also the leaves a restart left CREATED, RUNNING or PAUSED.
      const startable = [...(first ? runs : []), ...created].filter(
        (run) => !running.has(run.id) && !isFlowable(full, run) && (run.state === "CREATED" || run.state === "RUNNING" || run.state === "PAUSED"),
      );
      first = false;
      for (const run of startable) {
        const task = runLeaf(full, run, () => loadRuns(full), stop.signal).finally(() => {
          running.delete(run.id);
          changed();
        });
        running.set(run.id, task);
      }
      const applied = created.length > 0 || decisions.some((d) => d.kind === "resolve" || d.kind === "end-task-run" || d.kind === "check-loop");
      if (!applied && !dirty) await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    disarm();
    signal.removeEventListener("abort", kill);
    stop.signal.removeEventListener("abort", changed);
  }
}

async function createRuns(session: ExecutionSession, creates: Decision[], position: number): Promise<StoredRun[]> {
  if (creates.length === 0) return [];
  const { db } = session.deps;
  const rows = creates.map((d, i) => {
    if (d.kind !== "create") throw new Error("createRuns takes create decisions");
    return {
      id: randomUUID(),
      executionId: session.execution.id,
      taskId: d.taskId,
      taskType: session.tasks.get(d.taskId)!.type,
      parentTaskRunId: d.parentTaskRunId,
      value: d.value,
      iteration: d.iteration ?? null,
      position: position + i,
      state: "CREATED",
    };
  });
  return db.$transaction(rows.map((data) => db.taskRun.create({ data })));
}

async function apply(session: ExecutionSession, d: Extract<Decision, { kind: "resolve" | "end-task-run" }>, runs: StoredRun[]): Promise<void> {
  const { db } = session.deps;
  switch (d.kind) {
    case "resolve": {
      const run = runs.find((r) => r.id === d.taskRunId)!;
      await resolveFlowable(session, run, runs);
      return;
    }
    case "end-task-run": {
      const run = runs.find((r) => r.id === d.taskRunId)!;
      const { state, outputs, error } = await closeFlowable(session, run, d.state);
      await db.taskRun.update({ where: { id: run.id }, data: { state, endedAt: new Date(), error, ...(outputs ? { outputs: JSON.stringify(outputs) } : {}) } });
      session.publish(state, run.id, run.taskId, error ?? undefined);
      return;
    }
  }
}

/** Ends the execution once every line is stored; anything still open (a kill) ends KILLED with it. */
async function endExecution(
  // The flow's tasks are there unless its revision no longer parses.
  session: Pick<ExecutionSession, "deps" | "execution" | "writer" | "masker" | "publish"> & { tasks?: ExecutionSession["tasks"] },
  runs: StoredRun[],
  state: TState,
  reason?: string,
  outputs?: Record<string, unknown> | null,
): Promise<void> {
  const { db } = session.deps;
  let finalState = state;
  let error = reason ?? failureOf(runs, state);
  await session.writer.flush().catch((err: unknown) => {
    finalState = "FAILED";
    error = `logs could not be stored: ${String(err)}`;
  });
  // Only a flow with a WorkingDirectory has volumes to clean (listing them is an engine round trip).
  if (session.tasks && [...session.tasks.values()].some((t) => t.type === WORKING_DIRECTORY_TYPE)) {
    await removeExecutionVolumes(session).catch(() => undefined);
  }
  const open = runs.filter((r) => !isTerminalState(r.state));
  if (open.length) await db.taskRun.updateMany({ where: { id: { in: open.map((r) => r.id) } }, data: { state: "KILLED", endedAt: new Date() } });
  error = error ? session.masker.mask(error) : null;
  await db.execution.update({
    where: { id: session.execution.id },
    data: { state: finalState, error, endedAt: new Date(), ...(outputs ? { outputs: session.masker.mask(JSON.stringify(outputs)) } : {}) },
  });
  session.publish(finalState, null, null, error ?? undefined);
  // Flows that follow this one (Flow triggers) start now; their failure is not this execution's.
  await fireFlowTriggers(session.deps, session.execution.id).catch((err: unknown) => console.warn("[osprey] flow triggers:", err));
}

/** The execution's error: the first task that failed or was killed, with its reason. */
function failureOf(runs: StoredRun[], state: TState): string | null {
  if (state === "KILLED") {
    const killed = runs.find((r) => r.state === "KILLED" && r.error === null);
    return killed ? `task ${killed.taskId} was killed` : "killed";
  }
  if (state !== "FAILED") return null;
  const failed = runs.find((r) => r.state === "FAILED" && r.error !== null) ?? runs.find((r) => r.state === "FAILED");
  return failed ? `task ${failed.taskId} failed: ${failed.error ?? "unknown error"}` : null;
}

/** What a flowable does as it ends: a WorkingDirectory keeps its outputFiles and removes its volume. */
async function closeFlowable(session: ExecutionSession, run: StoredRun, state: TState): Promise<{ state: TState; outputs?: Record<string, unknown>; error: string | null }> {
  const task = session.tasks.get(run.taskId);
  if (task?.type !== WORKING_DIRECTORY_TYPE) return { state, error: null };
  try {
    const files = await closeWorkingDirectory(session, run, (task.outputFiles ?? []) as string[]);
    return { state, outputs: { ...JSON.parse(run.outputs ?? "{}"), ...files }, error: null };
  } catch (err) {
    const error = session.masker.mask(err instanceof Error ? err.message : String(err));
    session.writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level: "ERROR", message: error });
    return { state: "FAILED", error };
  }
}

function isFlowable(session: ExecutionSession, run: StoredRun): boolean {
  const task = session.tasks.get(run.taskId);
  return task !== undefined && flowableOf(task.type) !== undefined;
}

function loadRuns(session: ExecutionSession): Promise<StoredRun[]> {
  return loadRunsOf(session.deps.db, session.execution.id);
}
