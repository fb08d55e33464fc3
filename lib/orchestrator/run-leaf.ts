import { findTaskDefinition } from "../flow/task-types/index";
import { storedLineCount, storedRawCounters } from "../logs/read-logs";
import { OUTPUT_DIR, WORKING_DIR } from "../runner/script-spec";
import { toBool } from "../values/values";
import { isTruthy } from "../engine/truth";
import { HELD, State, type TState } from "../states/states";
import type { ExecutionSession } from "../task-runs/execution-session";
import { engineLeafRunner, propertiesRenderedFirst } from "../tasks/engine-leaves";
import { errorLogsOf } from "../task-runs/error-logs";
import { runTask, type TaskOutcome } from "./run-task";
import type { StoredRun } from "../task-runs/stored-run";
import { renderInSession } from "../task-runs/render-in-session";
import { templateContext } from "../task-runs/template-context";
import { workingVolumeOf } from "./working-directory";
import { claimTaskRun, keepAlive, writeHeld } from "../task-runs/task-run-lease";
import { moveTaskRun, sessionParts } from "../task-runs/move-task-run";
import { awaitWorker, queueOf } from "./dispatch-leaf";
import { startLogFile, storeLogFile } from "./log-to-file";
import { effectiveRetry } from "./effective-retry";
import { retryPolicy } from "../task-runs/retry-policy";
import type { TLogLevel, TRetry } from "../flow/task-types/common";

/**
 * Runs one leaf task run to its end (a container, a log line, a core task): renders it (again for
 * each attempt), applies Kestra's `runIf`, `allowFailure` and `allowWarning`, stores its outcome,
 * then publishes it. A task run left RUNNING by a restart is resumed (its container reattached).
 */
export async function runLeaf(
  session: ExecutionSession,
  run: StoredRun,
  loadRuns: () => Promise<readonly StoredRun[]>,
  signal: AbortSignal,
  detach?: AbortSignal,
): Promise<TState> {
  const runs = snapshotOf(loadRuns);
  // Handed to the workers (a web server, a workerGroup): this process waits for it to end there.
  const queue = await queueOf(session, run, runs);
  if (queue !== null) return awaitWorker(session, run, queue, signal, detach);
  // Left RUNNING, RETRYING or PAUSED by a restart: it goes on where it was.
  const resuming = HELD.has(run.state);
  // A container task waits for one of this process's container slots (fair between namespaces).
  const release = await containerSlot(session, run, signal);
  if (release === "aborted") return run.state;
  // The task run is the unit of work: claimed atomically, held with a heartbeat while it runs.
  const { db, config } = session.deps;
  const holder = config.OSPREY_WORKER_NAME;
  try {
    if (!(await claimTaskRun(db, run.id, resuming, holder))) return run.state;
    session.leases.hold(run.id);
    const stopHeartbeat = keepAlive(db, run.id, holder, session.deps.config.OSPREY_LEASE_MS, () =>
      session.leases.lose(run.id),
    );
    try {
      // Between two attempts when the server stopped: the next attempt starts now.
      if (run.state === State.RETRYING) return await nextAttempt(session, run, runs, signal);
      return await runClaimed(session, run, runs, signal, resuming);
    } finally {
      stopHeartbeat();
      session.leases.release(run.id);
    }
  } finally {
    release?.();
  }
}

/** A container slot for a task that runs one (none needed otherwise); "aborted" when killed while waiting. */
async function containerSlot(
  session: ExecutionSession,
  run: StoredRun,
  signal: AbortSignal,
): Promise<(() => void) | null | "aborted"> {
  const slots = session.deps.containerSlots;
  const task = session.tasks.get(run.taskId);
  if (!slots || !task || !runsContainer(task.type)) return null;
  return (await slots.acquire(session.execution.namespace, signal)) ?? "aborted";
}

/** Whether a task type runs a container (script tasks, Docker Build). */
export function runsContainer(type: string): boolean {
  const kind = findTaskDefinition(type)?.kind;
  return kind === "script" || kind === "build";
}

/**
 * How a claimed task run goes on: `start` it, `resume` it (its container reattached), or `lost`: the
 * worker that ran it was lost with its container out of reach, so its attempt failed and it retries
 * per its `retry` (else ends FAILED with the reason).
 */
export type HeldLeaf = "start" | "resume" | { lost: string };

/** Runs a task run this process holds (claimed here, or by a worker) to its end. */
export async function runHeldLeaf(
  session: ExecutionSession,
  run: StoredRun,
  loadRuns: () => Promise<readonly StoredRun[]>,
  signal: AbortSignal,
  how: HeldLeaf,
): Promise<TState> {
  const runs = snapshotOf(loadRuns);
  session.leases.hold(run.id);
  try {
    if (typeof how === "object") return await retryLost(session, run, runs, signal, how.lost);
    return await runClaimed(session, run, runs, signal, how === "resume");
  } finally {
    session.leases.release(run.id);
  }
}

/**
 * The execution's task runs for an attempt (read once per attempt; a retry reads them again). Not
 * kept past the attempt's render: a thousand leaves holding a thousand lists would hold the memory
 * of a thousand copies of a large execution.
 */
function snapshotOf(
  loadRuns: () => Promise<readonly StoredRun[]>,
): (attempt?: number) => Promise<readonly StoredRun[]> {
  return () => loadRuns();
}

/** The attempt a lost worker held failed: a new attempt if `retry` allows one, else FAILED. */
async function retryLost(
  session: ExecutionSession,
  run: StoredRun,
  runs: (attempt?: number) => Promise<readonly StoredRun[]>,
  signal: AbortSignal,
  reason: string,
): Promise<TState> {
  const { writer, deps } = session;
  const policy = retryPolicy(effectiveRetry(session, run, await runs()) as TRetry | undefined);
  const delay = policy.delayBefore(run.attempt + 1, 0);
  if (delay === null) return finish(session, run, { state: State.FAILED, error: reason, outputs: {} });
  writer.append({
    taskRunId: run.id,
    taskId: run.taskId,
    stream: "system",
    level: "WARN",
    message: `attempt ${run.attempt} failed (${reason}); retrying in ${delay} ms`,
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, delay);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
  if (signal.aborted)
    return finish(session, run, { state: State.FAILED, error: reason, outputs: {} }, undefined, State.KILLED);
  return nextAttempt(session, run, runs, signal);
}

/** Starts the attempt after `run`'s last one (a fresh container). */
async function nextAttempt(
  session: ExecutionSession,
  run: StoredRun,
  runs: (attempt?: number) => Promise<readonly StoredRun[]>,
  signal: AbortSignal,
): Promise<TState> {
  const next = { ...run, attempt: run.attempt + 1, containerId: null, state: State.RUNNING };
  // Published as the attempt starts (runClaimed).
  const moved = await moveTaskRun(
    { db: session.deps.db },
    run,
    State.RUNNING,
    { attempt: next.attempt, containerId: null, engine: null },
    { holder: session.deps.config.OSPREY_WORKER_NAME },
  );
  if (!moved) return run.state;
  return runClaimed(session, next, runs, signal, false, next.attempt);
}

async function runClaimed(
  session: ExecutionSession,
  run: StoredRun,
  runs: (attempt?: number) => Promise<readonly StoredRun[]>,
  signal: AbortSignal,
  resuming: boolean,
  freshAttempt?: number,
): Promise<TState> {
  const { deps, writer, masker, execution } = session;
  const { db } = deps;
  const task = session.tasks.get(run.taskId);
  if (resuming) writer.countStored(run.id, await storedLineCount(db, execution.id, run.id));
  session.publish(State.RUNNING, run.id, run.taskId);
  const logLevel = (task as { logLevel?: TLogLevel } | undefined)?.logLevel;
  if (logLevel) writer.keepFrom(run.id, logLevel);
  const toFile = startLogFile(task, writer, run.id);
  const ctx = {
    deps,
    executionId: execution.id,
    taskRunId: run.id,
    taskId: run.taskId,
    writer,
    signal,
    detach: session.leases.signalOf(run.id),
    mask: (text: string) => masker.mask(text),
    workingVolume: workingVolumeOf(session, run, await runs()),
  };
  // The task as it ran (rendered, secrets masked), for the execution page.
  let shown: string | undefined;
  let allowFailure = task?.allowFailure === true;
  let allowWarning = task?.allowWarning === true;
  let outcome: TaskOutcome;
  try {
    if (!task) throw new Error(`task ${run.taskId} is not in this flow revision`);
    const props = propertiesRenderedFirst(task);
    const render = async (attempt: number, value: unknown = props) => {
      const vars = templateContext(
        session,
        { ...run, startedAt: run.startedAt ?? new Date() },
        await runs(attempt),
        { attempt, workingDir: WORKING_DIR, outputDir: OUTPUT_DIR },
        value,
      );
      const errorLogs = JSON.stringify(value).includes("errorLogs(") ? await errorLogsOf(session) : undefined;
      return renderInSession(session, { value, vars, display: true, errorLogs });
    };
    if (!resuming && freshAttempt === undefined && task.runIf !== undefined) {
      const { value } = await render(run.attempt, { runIf: task.runIf });
      if (!isTruthy((value as { runIf: unknown }).runIf))
        return await finish(
          session,
          run,
          { state: State.SKIPPED, outputs: {} },
          "runIf is false: the task was skipped",
        );
    }
    const retry = effectiveRetry(session, run, await runs());
    // Kestra reads `retry` as written; one written with expressions is rendered once, first.
    const retrySpec =
      retry !== undefined && JSON.stringify(retry).includes("{{")
        ? await render(run.attempt, { retry }).then(
            (r) => (r.value as { retry: unknown }).retry,
            () => retry,
          )
        : retry;
    const renderTask = async (attempt: number) => {
      const result = await render(attempt, props);
      const rendered = result.value as typeof props;
      allowFailure = toBool(rendered.allowFailure, "allowFailure", false);
      allowWarning = toBool(rendered.allowWarning, "allowWarning", false);
      // Shown on the execution page: rendered with every secret() as ****, and masked again for
      // values that came in another way (an upstream output that printed one).
      shown = masker.mask(JSON.stringify(result.display));
      // A container runs a while: shown at once. A core task's are stored with its end (one write less).
      if (runsContainer(task.type))
        void writeHeld(db, run.id, deps.config.OSPREY_WORKER_NAME, { properties: shown }).catch(() => undefined);
      return { id: task.id, type: task.type, ...rendered };
    };
    const resume =
      resuming && run.containerId
        ? {
            attempt: run.attempt,
            point: {
              containerId: run.containerId,
              skip: await storedRawCounters(db, execution.id, run.id),
              vars: ((run.outputs ? JSON.parse(run.outputs) : {}) as { vars?: Record<string, unknown> }).vars ?? {},
            },
          }
        : { attempt: freshAttempt ?? run.attempt };
    const core = engineLeafRunner(task.type, session, run);
    const def = core ? undefined : findTaskDefinition(task.type);
    if (!core && !def) throw new Error(`task type ${task.type} is accepted in flows, but Osprey cannot run it yet`);
    outcome = await runTask(
      ctx,
      core ?? def!,
      renderTask,
      async (attempt) => {
        await writeHeld(db, run.id, deps.config.OSPREY_WORKER_NAME, { attempt });
      },
      resume,
      retrySpec as TRetry | undefined,
    );
  } catch (err) {
    outcome = { state: State.FAILED, error: err instanceof Error ? err.message : String(err), outputs: {} };
  }
  let state: TState = signal.aborted ? State.KILLED : outcome.state;
  let note: string | undefined;
  // Kestra's Worker: allowFailure makes a failure a WARNING, allowWarning makes a WARNING a SUCCESS.
  if (state === State.FAILED && allowFailure) {
    state = allowWarning ? State.SUCCESS : State.WARNING;
    note = "the task failed; allowFailure lets the flow go on";
  } else if (state === State.WARNING && allowWarning) state = State.SUCCESS;
  if (toFile) await storeLogFile(ctx, writer);
  return finish(session, run, outcome, note, state, shown);
}

/** Stores how a task run ended (log first, so a follower that sees the state has every line), then publishes it. */
async function finish(
  session: ExecutionSession,
  run: StoredRun,
  outcome:
    | TaskOutcome
    | { state: typeof State.SKIPPED; outputs: Record<string, unknown>; error?: undefined; exitCode?: undefined },
  note?: string,
  finalState: TState = outcome.state,
  properties?: string,
): Promise<TState> {
  const { writer, masker, deps } = session;
  // Taken over by another process meanwhile: its end is the new holder's to write.
  if (session.leases.signalOf(run.id).aborted) return run.state;
  if (outcome.error) {
    // The error's level is how the task itself ended: a failure allowFailure let pass is still an ERROR line.
    writer.append({
      taskRunId: run.id,
      taskId: run.taskId,
      stream: "system",
      level: outcome.state === State.FAILED || finalState === State.KILLED ? "ERROR" : "WARN",
      message: outcome.error,
    });
  }
  if (note)
    writer.append({
      taskRunId: run.id,
      taskId: run.taskId,
      stream: "system",
      level: finalState === State.SKIPPED ? "INFO" : "WARN",
      message: note,
    });
  // Only while this process still holds it: one frozen past its lease and taken over writes nothing.
  const stillHeld =
    !session.leases.signalOf(run.id).aborted &&
    (await moveTaskRun(
      sessionParts(session),
      run,
      finalState,
      {
        exitCode: outcome.exitCode ?? null,
        error: outcome.error ? masker.mask(outcome.error) : null,
        outputs: masker.mask(JSON.stringify(outcome.outputs)),
        ...(properties !== undefined ? { properties } : {}),
      },
      { holder: deps.config.OSPREY_WORKER_NAME },
    ));
  if (!stillHeld) {
    session.leases.lose(run.id);
    return run.state;
  }
  return finalState;
}
