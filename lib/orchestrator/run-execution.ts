import { randomUUID } from "node:crypto";
import { decide } from "../engine/decide";
import { flowableOf } from "../engine/flowables";
import type { Decision } from "../engine/run-view";
import { HELD, State, type TState } from "../states/states";
import { decisionsByKind } from "./decisions-by-kind";
import { awaitPausedFlowable } from "./pause-flowable";
import { moveTaskRun, sessionParts } from "../task-runs/move-task-run";
import type { ExecutorDeps } from "../deps/executor-deps";
import { type ExecutionSession, openSession } from "../task-runs/execution-session";
import { renderFlowOutputs } from "./flow-outputs";
import { applyViolation, failedAssertion, type SlaViolation, watchMaxDuration } from "./flow-sla";
import { resolveFlowable } from "./resolve-flowable";
import { checkWaitFor } from "./wait-for";
import { runLeaf, runsContainer } from "./run-leaf";
import { runsById, type StoredRun } from "../task-runs/stored-run";
import { ExecutionRuns } from "./execution-runs";
import { createTaskRuns } from "./create-task-runs";
import { LeaseLostError } from "../task-runs/held-leases";
import { isTransientDbError } from "../db/transient-error";
import { closeWorkingDirectory, WORKING_DIRECTORY_TYPE } from "./working-directory";
import { endExecution } from "./end-execution";
import { newExecutionRetryAt } from "./retry-new-execution";
import { replayExecution } from "../executions/restart-execution";

/**
 * Runs a claimed (RUNNING) execution: the engine decides from the stored task runs what comes
 * next (lib/engine/decide.ts), this loop applies it and runs the leaf task runs (several at once
 * in parallel branches), until the execution ends. Every state change is stored, then published;
 * the final state is published only after every log line is stored. After a restart it picks up
 * where the stored task runs say: a RUNNING leaf is resumed (its container reattached).
 */
export async function runExecution(
  baseDeps: ExecutorDeps,
  executionId: string,
  signal: AbortSignal,
  hooks: RunHooks = {},
): Promise<void> {
  const opened = await openSession(baseDeps, executionId);
  const { session } = opened;
  session.publish(State.RUNNING);
  if ("invalid" in opened) return endExecution(session, [], State.FAILED, opened.invalid);
  const full = session as ExecutionSession;
  // A kill, or an SLA that ends the execution (FAIL, CANCEL): both stop its tasks the same way.
  const stop = new AbortController();
  const kill = () => stop.abort();
  if (signal.aborted) stop.abort();
  else signal.addEventListener("abort", kill);
  // An end decided outside the engine (an SLA, a cap): the tasks stop, then the execution ends so.
  const sla: { end: { state: TState; reason: string } | null } = { end: null };
  const forceEnd = (state: TState, reason: string) => {
    if (sla.end) return;
    sla.end = { state, reason };
    stop.abort();
  };
  const violated = (v: SlaViolation) =>
    void applyViolation(full, v).then(
      (state) => {
        if (state) forceEnd(state, `SLA '${v.sla.id}' violated: ${v.reason}`);
      },
      (err: unknown) =>
        full.writer.append({
          taskRunId: null,
          taskId: null,
          stream: "system",
          level: "ERROR",
          message: `SLA ${v.sla.id} could not be applied: ${String(err)}`,
        }),
    );
  // Measured from when it started running (a restart starts the clock again).
  const disarm = watchMaxDuration(
    full,
    (full.execution as { startedAt?: Date | null }).startedAt ?? new Date(),
    violated,
  );
  const running = new Map<string, Promise<unknown>>();
  // Of those, the ones that only wait (a pause, a child execution, a worker): the execution holds no slot while all do.
  const waiting = new Set<string>();
  let held = false;
  const reportHeld = () => {
    const now = running.size > 0 && waiting.size === running.size;
    if (now !== held) hooks.held?.((held = now));
  };
  const { config } = full.deps;
  // A leaf that ends (or a kill) while the loop is busy must not be missed: `dirty` remembers it.
  let dirty = false;
  let wake: () => void = () => undefined;
  const changed = () => {
    dirty = true;
    wake();
  };
  stop.signal.addEventListener("abort", changed);
  // Another server took the lease over: every leaf lets go (no write, containers left alone), then the loop ends.
  const detached = hooks.detach ?? new AbortController().signal;
  const letGo = () => {
    for (const id of running.keys()) full.leases.lose(id);
    changed();
  };
  detached.addEventListener("abort", letGo);
  let first = true;
  let reload = true;
  let outage = 0;
  const cache = new ExecutionRuns(full.deps.db, executionId);
  try {
    for (;;) {
      dirty = false;
      if (detached.aborted) return void (await Promise.allSettled(running.values()));
      let runs: readonly StoredRun[];
      try {
        runs = reload ? await cache.load() : await cache.refresh();
        reload = false;
        outage = 0;
      } catch (err) {
        // The database is out of reach: wait and read everything again once it answers; the leaves
        // under way wait for it on their own (lib/db/ride-out-outages.ts).
        if (!isTransientDbError(err)) throw err;
        reload = true;
        await new Promise((r) => setTimeout(r, OUTAGE_WAITS_MS[Math.min(outage++, OUTAGE_WAITS_MS.length - 1)]));
        continue;
      }
      const decisions = decide(
        full.flow,
        cache.index.runs,
        stop.signal.aborted,
        cache.index,
        config.OSPREY_MAX_PARALLEL_TASKS,
      );
      const { end, creates, flowables, checks: loopChecks, pauses } = decisionsByKind(decisions);
      if (end && running.size === 0) {
        if (sla.end) return await endExecution(full, runs, sla.end.state, sla.end.reason);
        // EXECUTION_ASSERTION: checked once the state is known.
        const assertion = end.state === State.KILLED ? null : await failedAssertion(full, runs, end.state);
        const slaState = assertion ? await applyViolation(full, assertion) : null;
        if (assertion && slaState)
          return await endExecution(full, runs, slaState, `SLA '${assertion.sla.id}' violated: ${assertion.reason}`);
        const outputs =
          end.state === State.SUCCESS || end.state === State.WARNING
            ? await renderFlowOutputs(full, runs).catch((err: unknown) => err as Error)
            : null;
        if (outputs instanceof Error)
          return await endExecution(full, runs, State.FAILED, `Failed to render output values: ${outputs.message}`);
        const retryAt = end.state === State.FAILED ? await newExecutionRetryAt(full, runs) : null;
        if (retryAt) return await endAsRetried(full, runs, retryAt);
        return await endExecution(full, runs, end.state, undefined, outputs);
      }
      // New task runs in one transaction; leaves among them start at once, without reading them back.
      if (runs.length + creates.length > config.OSPREY_MAX_TASK_RUNS_PER_EXECUTION) {
        forceEnd(
          State.FAILED,
          `the execution would make more than ${config.OSPREY_MAX_TASK_RUNS_PER_EXECUTION} task runs (OSPREY_MAX_TASK_RUNS_PER_EXECUTION)`,
        );
        continue;
      }
      let created: StoredRun[];
      try {
        created = await createRuns(full, creates, runs.length);
      } catch (err) {
        if (LeaseLostError.is(err)) {
          letGo();
          continue;
        }
        if (!isTransientDbError(err)) throw err;
        reload = true;
        await new Promise((r) => setTimeout(r, OUTAGE_WAITS_MS[Math.min(outage++, OUTAGE_WAITS_MS.length - 1)]));
        continue;
      }
      cache.added(created);
      for (const d of flowables) {
        await apply(full, d, runs);
        cache.touch(d.taskRunId);
      }
      // Waits beside the loop: a WaitFor between rounds (its check waits its interval), a Pause with
      // tasks until it is resumed. Each at most once; the loop looks again when it ends.
      let checks = 0;
      const beside = (key: string, taskRunId: string, work: () => Promise<unknown>) => {
        if (running.has(key)) return;
        checks++;
        const job = work().finally(() => {
          running.delete(key);
          waiting.delete(key);
          cache.touch(taskRunId);
          changed();
        });
        running.set(key, job);
        waiting.add(key);
      };
      for (const d of loopChecks)
        beside(`check:${d.taskRunId}`, d.taskRunId, () =>
          checkWaitFor(full, runsById(runs).get(d.taskRunId)!, runs, stop.signal),
        );
      for (const d of pauses)
        beside(`pause:${d.taskRunId}`, d.taskRunId, () =>
          awaitPausedFlowable(full, runsById(runs).get(d.taskRunId)!, runs, stop.signal),
        );
      // Leaves not running yet (on the first pass also those a restart left RUNNING, RETRYING or
      // PAUSED), at most OSPREY_MAX_PARALLEL_TASKS at once: the rest wait CREATED for a free place.
      const room = config.OSPREY_MAX_PARALLEL_TASKS - running.size;
      const startable = cache.openRuns(
        (run) =>
          !running.has(run.id) &&
          !isFlowable(full, run) &&
          (run.state === State.CREATED || (first && HELD.has(run.state))),
        Math.min(Math.max(0, room), LEAVES_PER_PASS + 1),
      );
      first = false;
      // A few at a time, the event loop turning in between: a thousand leaves starting at once
      // would hold the server (each claims its task run) for seconds before it answered anyone.
      const more = startable.length > LEAVES_PER_PASS;
      for (const run of startable.slice(0, LEAVES_PER_PASS)) {
        const task = runLeaf(full, run, () => Promise.resolve(cache.current()), stop.signal, detached).finally(() => {
          running.delete(run.id);
          waiting.delete(run.id);
          cache.touch(run.id);
          changed();
        });
        running.set(run.id, task);
        if (onlyWaits(full, run)) waiting.add(run.id);
      }
      reportHeld();
      // What this pass changed: the next one must look again (a check already under way is no change).
      const applied = created.length > 0 || checks > 0 || flowables.length > 0;
      if (more) await new Promise((resolve) => setImmediate(resolve));
      else if (!applied && !dirty) await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    detached.removeEventListener("abort", letGo);
    if (held) hooks.held?.(false);
    disarm();
    signal.removeEventListener("abort", kill);
    stop.signal.removeEventListener("abort", changed);
  }
}

async function createRuns(
  session: ExecutionSession,
  creates: readonly Extract<Decision, { kind: "create" }>[],
  position: number,
): Promise<StoredRun[]> {
  if (creates.length === 0) return [];
  const { db } = session.deps;
  const createdAt = new Date();
  const rows = creates.map((d, i) => {
    return {
      id: randomUUID(),
      executionId: session.execution.id,
      taskId: d.taskId,
      taskType: session.tasks.get(d.taskId)!.type,
      parentTaskRunId: d.parentTaskRunId,
      value: d.value,
      iteration: d.iteration ?? null,
      position: position + i,
      createdAt,
    };
  });
  await createTaskRuns(db, session.execution.id, session.deps.config.OSPREY_WORKER_NAME, rows);
  // As stored: the columns not given here hold their defaults.
  return rows.map((r) => ({
    ...r,
    state: State.CREATED,
    error: null,
    attempt: 1,
    outputs: null,
    containerId: null,
    queue: null,
    startedAt: null,
  }));
}

async function apply(
  session: ExecutionSession,
  d: Extract<Decision, { kind: "resolve" | "end-task-run" }>,
  runs: readonly StoredRun[],
): Promise<void> {
  switch (d.kind) {
    case "resolve": {
      const run = runsById(runs).get(d.taskRunId)!;
      await resolveFlowable(session, run, runs);
      return;
    }
    case "end-task-run": {
      const run = runsById(runs).get(d.taskRunId)!;
      const { state, outputs, error } = await closeFlowable(session, run, d.state);
      // From any state still going: a flowable the kill already ended keeps KILLED.
      await moveTaskRun(sessionParts(session), run, state, {
        error,
        ...(outputs ? { outputs: JSON.stringify(outputs) } : {}),
      });
      return;
    }
  }
}

/** What a flowable does as it ends: a WorkingDirectory keeps its outputFiles and removes its volume. */
async function closeFlowable(
  session: ExecutionSession,
  run: StoredRun,
  state: TState,
): Promise<{ state: TState; outputs?: Record<string, unknown>; error: string | null }> {
  const task = session.tasks.get(run.taskId);
  if (task?.type !== WORKING_DIRECTORY_TYPE) return { state, error: null };
  try {
    const files = await closeWorkingDirectory(session, run, (task.outputFiles ?? []) as string[]);
    return { state, outputs: { ...JSON.parse(run.outputs ?? "{}"), ...files }, error: null };
  } catch (err) {
    const error = session.masker.mask(err instanceof Error ? err.message : String(err));
    session.writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level: "ERROR", message: error });
    return { state: State.FAILED, error };
  }
}

/** What the executor hears from a running execution: whether all it does now is wait (see Executor). */
export interface RunHooks {
  held?: (held: boolean) => void;
  /** Aborted when another server took the execution's lease over: it lets go without a write. */
  detach?: AbortSignal;
}

/** Leaves one pass starts; more wait for the next pass, after the event loop has turned. */
const LEAVES_PER_PASS = 8;

/** Backoff between passes while the database is out of reach. */
const OUTAGE_WAITS_MS = [100, 200, 500, 1_000, 2_000, 5_000];

/** Leaf states a restart leaves that go on where they were. */

/** Leaves that hold nothing while they run: they wait for a resume, a child execution or a worker. */
const WAITING_TYPES = new Set([
  "io.kestra.plugin.core.flow.Pause",
  "io.kestra.plugin.core.flow.Subflow",
  "io.kestra.plugin.core.flow.ForEachItem",
  "io.kestra.plugin.core.flow.Sleep",
]);

function onlyWaits(session: ExecutionSession, run: StoredRun): boolean {
  const task = session.tasks.get(run.taskId) as { type: string; workerGroup?: unknown } | undefined;
  if (!task) return false;
  if (WAITING_TYPES.has(task.type)) return true;
  // Handed to the workers: this process only waits for its end.
  return runsContainer(task.type) && (task.workerGroup !== undefined || session.deps.config.OSPREY_ROLE === "web");
}

function isFlowable(session: ExecutionSession, run: StoredRun): boolean {
  const task = session.tasks.get(run.taskId);
  return flowableOf(task) !== undefined;
}

/** Ends the execution RETRIED and makes the next attempt: a replay from the start, from `at` on. */
async function endAsRetried(session: ExecutionSession, runs: readonly StoredRun[], at: Date): Promise<void> {
  const { db } = session.deps;
  const reason = `failed; retried by a new execution from ${at.toISOString()} (retry.behavior: CREATE_NEW_EXECUTION)`;
  session.writer.append({ taskRunId: null, taskId: null, stream: "system", level: "WARN", message: reason });
  await endExecution(session, runs, State.RETRIED, reason);
  // The next attempt replays this one from the start (its replayOf says whose attempt it is).
  await replayExecution(db, session.execution.id, undefined, "retry (CREATE_NEW_EXECUTION)", undefined, at);
}
