import { moveExecution } from "../executions/move-execution";
import { OWNED, State, isTerminalState, type TState } from "../states/states";
import type { ExecutionSession } from "../task-runs/execution-session";
import { moveTaskRuns } from "../task-runs/move-task-run";
import type { StoredRun } from "../task-runs/stored-run";
import { removeExecutionVolumes, WORKING_DIRECTORY_TYPE } from "./working-directory";

/** Ends the execution once every line is stored; anything still open (a kill) ends KILLED with it. */
export async function endExecution(
  // The flow's tasks are there unless its revision no longer parses.
  session: Pick<ExecutionSession, "deps" | "execution" | "writer" | "masker" | "publish"> & {
    tasks?: ExecutionSession["tasks"];
  },
  runs: readonly StoredRun[],
  state: TState,
  reason?: string,
  outputs?: Record<string, unknown> | null,
): Promise<void> {
  const { db } = session.deps;
  let finalState = state;
  let error = reason ?? failureOf(runs, state);
  await session.writer.flush().catch((err: unknown) => {
    finalState = State.FAILED;
    error = `logs could not be stored: ${String(err)}`;
  });
  // Only a flow with a WorkingDirectory has volumes to clean (listing them is an engine round trip).
  if (session.tasks && [...session.tasks.values()].some((t) => t.type === WORKING_DIRECTORY_TYPE)) {
    await removeExecutionVolumes(session).catch(() => undefined);
  }
  const open = runs.filter((r) => !isTerminalState(r.state));
  if (open.length)
    await moveTaskRuns(
      db,
      open.map((r) => r.id),
      State.KILLED,
      { endedAt: new Date() },
    );
  error = error ? session.masker.mask(error) : null;
  const count = await moveExecution({ db }, session.execution.id, {
    from: OWNED,
    to: finalState,
    // Only while this server owns it: a successor (this one was frozen past its lease) ends it instead.
    where: { ownerId: session.deps.config.OSPREY_WORKER_NAME },
    data: { error, ...(outputs ? { outputs: session.masker.mask(JSON.stringify(outputs)) } : {}) },
  });
  // Flows that follow this one (Flow triggers) started in that move, as at each of its state changes.
  if (count === 0) return;
  session.publish(finalState, null, null, error ?? undefined);
}

/** The execution's error: the first task that failed or was killed, with its reason. */
function failureOf(runs: readonly StoredRun[], state: TState): string | null {
  if (state === State.KILLED) {
    const killed = runs.find((r) => r.state === State.KILLED && r.error === null);
    return killed ? `task ${killed.taskId} was killed` : "killed";
  }
  if (state !== State.FAILED) return null;
  const failed =
    runs.find((r) => r.state === State.FAILED && r.error !== null) ?? runs.find((r) => r.state === State.FAILED);
  return failed ? `task ${failed.taskId} failed: ${failed.error ?? "unknown error"}` : null;
}
