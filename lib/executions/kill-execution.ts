import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { CLAIMABLE, State, isTerminalState as isTerminal } from "../states/states";
import { moveExecution } from "./move-execution";

/**
 * Stops an execution: a running one is aborted (its container killed and removed), a queued one never
 * starts. `by` (who asked) is recorded on the execution and in the reason. The one kill path: a
 * person's, and a killed parent's for its Subflow and ForEachItem children; `killedBy` reaches the
 * server that runs it wherever that is.
 */
export async function killExecution(
  db: Db,
  executor: { kill(executionId: string, reason: string): boolean },
  executionId: string,
  by: string,
): Promise<{ state: string }> {
  const execution = await db.execution.findUnique({ where: { id: executionId }, select: { state: true } });
  if (!execution) throw new AppError("NOT_FOUND", `execution ${executionId} not found`);
  if (isTerminal(execution.state))
    throw new AppError("CONFLICT", `execution ${executionId} has already ended (${execution.state})`);
  const count = await moveExecution({ db }, executionId, {
    from: CLAIMABLE,
    to: State.KILLED,
    data: { error: `killed by ${by} before it started`, killedBy: by },
  });
  if (count === 1) return { state: State.KILLED };
  await db.execution.update({ where: { id: executionId }, data: { killedBy: by } });
  executor.kill(executionId, `killed by ${by}`);
  return { state: State.KILLING };
}
