import type { TRetry } from "../flow/task-types/common";
import { State } from "../states/states";
import type { ExecutionSession } from "../task-runs/execution-session";
import { attemptsPolicy } from "../task-runs/retry-policy";
import type { StoredRun } from "../task-runs/stored-run";
import { effectiveRetry } from "./effective-retry";

/**
 * Kestra's `retry.behavior: CREATE_NEW_EXECUTION`: a failed execution whose failed task's retry
 * (its own, a flowable's around it, or the flow's) asks for it is not retried in place: it ends
 * RETRIED and a new execution (a replay from the start) is the next attempt, from the date returned.
 * Attempts are the executions of that chain (each replays the one before, which ended RETRIED);
 * `maxDuration` counts from the first one's start. Null: no further attempt, it stays FAILED.
 */
export async function newExecutionRetryAt(session: ExecutionSession, runs: readonly StoredRun[]): Promise<Date | null> {
  const parents = new Set(runs.map((r) => r.parentTaskRunId));
  const failed = runs.find((r) => r.state === State.FAILED && !parents.has(r.id));
  if (!failed) return null;
  const spec = effectiveRetry(session, failed, runs) as TRetry | undefined;
  if (spec?.behavior !== "CREATE_NEW_EXECUTION") return null;
  const { attempt, firstCreatedAt } = await chainOf(session);
  const delay = attemptsPolicy(spec).delayBefore(attempt + 1, Date.now() - firstCreatedAt.getTime());
  return delay === null ? null : new Date(Date.now() + delay);
}

/** This execution's attempt number, and when the first attempt of its chain was made. */
async function chainOf(session: ExecutionSession): Promise<{ attempt: number; firstCreatedAt: Date }> {
  let attempt = 1;
  let firstCreatedAt = session.execution.createdAt;
  let previous = session.execution.replayOf;
  while (previous) {
    const row = await session.deps.db.execution.findUnique({
      where: { id: previous },
      select: { state: true, replayOf: true, createdAt: true },
    });
    if (row?.state !== State.RETRIED) break;
    attempt++;
    firstCreatedAt = row.createdAt;
    previous = row.replayOf;
  }
  return { attempt, firstCreatedAt };
}
